package org.fleetagent.component;

import static org.awaitility.Awaitility.await;
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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component started ahead of its supervisor is the one the supervisor runs, or is stopped when nobody takes it. */
class ComponentSupervisorTest {
    @TempDir
    Path dir;

    @AutoClose("discard")
    private final PrestartedComponents prestarted = new PrestartedComponents();

    /** A component that notes its pid, reports HEALTHY once it has its configuration, and stops at stdin's end. */
    private void component() throws Exception {
        write("""
                #!/bin/sh
                echo $$ >> "$(dirname "$0")/started"
                read config
                echo '{"units":[{"id":"probe-default-probe","type":"input","state":"HEALTHY","message":"configured"}]}'
                while read line; do :; done
                """);
    }

    /** A component that writes down every configuration line it reads and reports HEALTHY after each. */
    private void recordingComponent() throws Exception {
        write("""
                #!/bin/sh
                echo $$ >> "$(dirname "$0")/started"
                while read line; do
                  echo "$line" >> "$(dirname "$0")/configs"
                  echo '{"units":[{"id":"probe-default-probe","type":"input","state":"HEALTHY","message":"configured"}]}'
                done
                """);
    }

    private void write(String script) throws Exception {
        Path program = dir.resolve("probe");
        Files.writeString(program, script);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> lines(String file) throws Exception {
        Path f = dir.resolve(file);
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private List<String> awaitLines(String file, int n) {
        return await(n + " lines in " + file).atMost(Duration.ofSeconds(10)).until(() -> lines(file), l -> l.size() >= n);
    }

    private ComponentSupervisor supervisor(List<ComponentState> states) {
        return new ComponentSupervisor("probe", dir, prestarted, states::add, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private static void awaitHealthy(ComponentSupervisor s) {
        await("the component is HEALTHY").atMost(Duration.ofSeconds(10)).until(() -> s.state().state() == State.HEALTHY);
    }

    @Test
    void aPrestartedProcessIsTheOneTheSupervisorRuns() throws Exception {
        component();
        prestarted.start(dir, "probe");
        awaitLines("started", 1);
        List<ComponentState> states = new CopyOnWriteArrayList<>();
        try (ComponentSupervisor s = supervisor(states)) {
            s.start(Map.of("units", List.of()));
            awaitHealthy(s);
            assertEquals("configured", s.state().units().getFirst().message(), "the unit state came from the component");
            assertEquals(1, lines("started").size(), "no second process: " + lines("started"));
        }
    }

    @Test
    void aPrestartedProcessNobodyTakesIsStopped() throws Exception {
        component();
        prestarted.start(dir, "probe");
        long pid = Long.parseLong(awaitLines("started", 1).getFirst().trim());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "running before the discard");
        prestarted.discard();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "stopped by the discard");
    }

    @Test
    void aSupervisorOfAnotherRunDoesNotTakeTheProcess() throws Exception {
        component();
        prestarted.start(dir, "probe");
        awaitLines("started", 1);
        try (ComponentSupervisor s = new ComponentSupervisor("probe", dir, st -> { }, Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            s.start(Map.of("units", List.of()));
            awaitHealthy(s);
            assertEquals(2, lines("started").size(), "a supervisor without this run's prestarted processes starts its own");
        }
    }

    @Test
    void aPrestartedProcessGivenItsConfigurationEarlyIsNotGivenItAgain() throws Exception {
        recordingComponent();
        prestarted.start(dir, "probe");
        Map<String, Object> config = Map.of("agent", Map.of("id", ""), "units", List.of());
        assertTrue(prestarted.configure(dir, "probe", config));
        assertEquals(1, awaitLines("configs", 1).size(), "the component has its configuration before any supervisor runs");
        assertFalse(prestarted.configure(dir, "probe", config), "only the first configuration goes early");
        try (ComponentSupervisor s = supervisor(new CopyOnWriteArrayList<>())) {
            s.start(config);
            awaitHealthy(s);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> lines("configs").size() == 1 && lines("started").size() == 1);
        }
    }

    @Test
    void aDifferentConfigurationFromTheSupervisorIsSentAfterTheEarlyOne() throws Exception {
        recordingComponent();
        prestarted.start(dir, "probe");
        assertTrue(prestarted.configure(dir, "probe", Map.of("agent", Map.of("id", ""), "units", List.of())));
        try (ComponentSupervisor s = supervisor(new CopyOnWriteArrayList<>())) {
            s.start(Map.of("agent", Map.of("id", "agent-1"), "units", List.of()));
            List<String> got = awaitLines("configs", 2);
            assertEquals(2, got.size(), "configurations: " + got);
            assertTrue(got.get(0).contains("\"id\":\"\""), got.get(0));
            assertTrue(got.get(1).contains("agent-1"), got.get(1));
        }
    }

    @Test
    void withoutAPrestartedProcessThereIsNothingToConfigure() throws Exception {
        recordingComponent();
        assertFalse(prestarted.configure(dir, "probe", Map.of("units", List.of())));
        assertFalse(Files.exists(dir.resolve("started")), "nothing was started");
    }
}
