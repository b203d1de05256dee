package org.fleetagent.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component started ahead of its supervisor is the one the supervisor runs, or is stopped when nobody takes it. */
class ComponentSupervisorTest {
    @TempDir
    Path dir;

    /** A component that notes its pid, reports HEALTHY once it has its configuration, and stops at stdin's end. */
    private Path component() throws Exception {
        Path program = dir.resolve("probe");
        Files.writeString(program, """
                #!/bin/sh
                echo $$ >> "$(dirname "$0")/started"
                read config
                echo '{"units":[{"id":"probe-default-probe","type":"input","state":"HEALTHY","message":"configured"}]}'
                while read line; do :; done
                """);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }

    private List<String> started() throws Exception {
        Path f = dir.resolve("started");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private void awaitStarted(int n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (started().size() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, started().size(), "processes started: " + started());
    }

    @Test
    void aPrestartedProcessIsTheOneTheSupervisorRuns() throws Exception {
        component();
        ComponentSupervisor.prestart(dir, "probe");
        awaitStarted(1);
        List<ComponentState> states = new CopyOnWriteArrayList<>();
        try (ComponentSupervisor s = new ComponentSupervisor("probe", dir, states::add, Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            s.start(Map.of("units", List.of()));
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.state().state() != State.HEALTHY && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(State.HEALTHY, s.state().state(), "states: " + states);
            assertEquals("configured", s.state().units().getFirst().message(), "the unit state came from the component");
            assertEquals(1, started().size(), "no second process: " + started());
        }
    }

    @Test
    void aPrestartedProcessNobodyTakesIsStopped() throws Exception {
        component();
        ComponentSupervisor.prestart(dir, "probe");
        awaitStarted(1);
        long pid = Long.parseLong(started().getFirst().trim());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "running before the discard");
        ComponentSupervisor.discardPrestarted();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "stopped by the discard");
    }
}
