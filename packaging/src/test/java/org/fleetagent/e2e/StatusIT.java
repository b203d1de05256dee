package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fleetagent.control.State;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit statuses of {@code status} and {@code version} through the launcher, as probes and scripts use them:
 * {@code status} exits 0 only while the agent is HEALTHY and 1 when it is degraded or no daemon answers;
 * {@code version} exits 1 when it cannot ask the daemon, unless {@code --binary-only}.
 */
class StatusIT {
    @TempDir
    Path home;

    private final AgentProcess agent = AgentProcess.launcher();
    private FleetServerFixture fleet;
    private Process daemon;

    @BeforeEach
    void enroll() {
        fleet = QuickFleet.startEnrolled(agent, home);
    }

    @AfterEach
    void stop() throws Exception {
        Teardown.stop(daemon, fleet);
    }

    private AgentProcess.Result run(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--path.home", home.toString()))
                .toArray(String[]::new);
        return agent.run(all);
    }

    /** {@code status --output json} and its exit status, once the printed state satisfies {@code ok}. */
    private AgentProcess.Result awaitStatus(String what, java.util.function.Predicate<StatusJson> ok) {
        return Waits.until(what, Duration.ofSeconds(30), Duration.ofMillis(200), () -> run("status", "--output", "json"),
                r -> !r.out().isBlank() && ok.test(json(r)), r -> "last: " + r + "\ndaemon log:\n" + Waits.read(home.resolve("daemon.log")));
    }

    private static StatusJson json(AgentProcess.Result r) {
        return StatusJson.of(r);
    }

    @Test
    void exitStatusesFollowTheAgentState() throws Exception {
        // no daemon: status fails with one line and exit 1; version prints the binary, then fails the same way
        AgentProcess.Result none = run("status");
        assertEquals(1, none.exitCode(), none.toString());
        assertEquals("", none.out(), none.toString());
        assertEquals(1, none.err().strip().lines().count(), "one error line: " + none);
        assertTrue(none.err().startsWith("Error: no Elastic Agent daemon is running"), none.toString());
        AgentProcess.Result version = run("version");
        assertEquals(1, version.exitCode(), version.toString());
        assertTrue(version.out().startsWith("Binary: ") && version.out().contains("\nDaemon: <failed to communicate>\n"), version.toString());
        assertTrue(version.err().contains("--binary-only"), "says how to skip the daemon: " + version);
        AgentProcess.Result binary = run("version", "--binary-only");
        assertEquals(0, binary.exitCode(), binary.toString());
        assertEquals(1, binary.out().lines().count(), binary.toString());

        // a daemon checked in with Fleet and nothing unhealthy: exit 0 in every format
        daemon = agent.start(home.resolve("daemon.log"), "run", "-e", "--path.home", home.toString());
        AgentProcess.Result healthy = awaitStatus("HEALTHY and connected", s -> s.state() == State.HEALTHY.number()
                && s.FleetState() == State.HEALTHY.number());
        assertEquals(0, healthy.exitCode(), healthy.toString());
        assertEquals(fleet.agents().getFirst().id(), json(healthy).info().id());
        assertTrue(json(healthy).info().is_managed(), healthy.toString());
        // the real AgentState's collector is omitempty: absent, as for a real agent that runs no OTel collector
        assertFalse(healthy.out().contains("\"collector\""), healthy.toString());
        for (String format : List.of("human", "full", "yaml")) {
            AgentProcess.Result r = run("status", "--output", format);
            assertEquals(0, r.exitCode(), format + ": " + r);
            assertFalse(r.out().contains("collector"), format + ": " + r);
        }
        AgentProcess.Result both = run("version");
        assertEquals(0, both.exitCode(), both.toString());
        String[] lines = both.out().split("\n");
        assertEquals(2, lines.length, both.toString());
        assertEquals(lines[0].substring("Binary: ".length()), lines[1].substring("Daemon: ".length()), "the daemon is this build");
        AgentProcess.Result yaml = run("version", "--yaml");
        assertEquals(0, yaml.exitCode(), yaml.toString());
        assertTrue(yaml.out().startsWith("binary:\n") && yaml.out().contains("\ndaemon:\n"), yaml.toString());

        // a component that reports DEGRADED and keeps running: the agent is degraded, status exits 1
        Path program = Files.createDirectories(home.resolve("components")).resolve("sluggish");
        Files.writeString(program, """
                #!/bin/sh
                [ "$1" = "--agent-mode" ] || exit 64
                read -r config
                echo '{"units":[{"id":"sluggish-default-in-1","type":"input","state":"DEGRADED","message":"queue is 90% full"}]}'
                while read -r config; do :; done
                """);
        assertTrue(program.toFile().setExecutable(true));
        Map<String, Object> policy = fleet.currentPolicy();
        policy.put("inputs", List.of(Map.of("id", "in-1", "type", "sluggish", "use_output", "default")));
        fleet.publishPolicy(policy);
        AgentProcess.Result degraded = awaitStatus("DEGRADED", s -> s.state() == State.DEGRADED.number());
        assertEquals(1, degraded.exitCode(), degraded.toString());
        assertEquals("1 or more components/units in a degraded state", json(degraded).message());
        AgentProcess.Result human = run("status");
        assertEquals(1, human.exitCode(), human.toString());
        assertTrue(human.out().contains("status: (DEGRADED) queue is 90% full"), "the degraded unit is shown: " + human);

        // the policy drops it: HEALTHY again, exit 0
        policy.put("inputs", List.of());
        fleet.publishPolicy(policy);
        assertEquals(0, awaitStatus("HEALTHY again", s -> s.state() == State.HEALTHY.number()).exitCode());

        // the daemon is gone: exit 1
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertEquals(1, run("status").exitCode());
        assertEquals(1, run("status", "--output", "json").exitCode());
    }
}
