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

    /** A component that writes down every configuration line it reads and reports HEALTHY after each. */
    private void recordingComponent() throws Exception {
        Path program = dir.resolve("probe");
        Files.writeString(program, """
                #!/bin/sh
                echo $$ >> "$(dirname "$0")/started"
                while read line; do
                  echo "$line" >> "$(dirname "$0")/configs"
                  echo '{"units":[{"id":"probe-default-probe","type":"input","state":"HEALTHY","message":"configured"}]}'
                done
                """);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> configs(int n) throws Exception {
        Path f = dir.resolve("configs");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((!Files.exists(f) || Files.readAllLines(f).size() < n) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void aPrestartedProcessGivenItsConfigurationEarlyIsNotGivenItAgain() throws Exception {
        recordingComponent();
        ComponentSupervisor.prestart(dir, "probe");
        Map<String, Object> config = Map.of("agent", Map.of("id", ""), "units", List.of());
        assertTrue(ComponentSupervisor.configurePrestarted(dir, "probe", config));
        assertEquals(1, configs(1).size(), "the component has its configuration before any supervisor runs");
        assertFalse(ComponentSupervisor.configurePrestarted(dir, "probe", config), "only the first configuration goes early");
        try (ComponentSupervisor s = new ComponentSupervisor("probe", dir, st -> { }, Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            s.start(config);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.state().state() != State.HEALTHY && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(State.HEALTHY, s.state().state());
            Thread.sleep(300);
            assertEquals(1, configs(1).size(), "the supervisor did not send the same configuration again: " + configs(1));
            assertEquals(1, started().size(), "no second process");
        }
    }

    @Test
    void aDifferentConfigurationFromTheSupervisorIsSentAfterTheEarlyOne() throws Exception {
        recordingComponent();
        ComponentSupervisor.prestart(dir, "probe");
        assertTrue(ComponentSupervisor.configurePrestarted(dir, "probe", Map.of("agent", Map.of("id", ""), "units", List.of())));
        try (ComponentSupervisor s = new ComponentSupervisor("probe", dir, st -> { }, Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            s.start(Map.of("agent", Map.of("id", "agent-1"), "units", List.of()));
            List<String> got = configs(2);
            assertEquals(2, got.size(), "configurations: " + got);
            assertTrue(got.get(0).contains("\"id\":\"\""), got.get(0));
            assertTrue(got.get(1).contains("agent-1"), got.get(1));
        }
    }

    @Test
    void withoutAPrestartedProcessThereIsNothingToConfigure() throws Exception {
        recordingComponent();
        assertFalse(ComponentSupervisor.configurePrestarted(dir, "probe", Map.of("units", List.of())));
        assertFalse(Files.exists(dir.resolve("started")), "nothing was started");
    }
}
