package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.podman.Podman;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCI image the package step made ({@code packaging/target/elastic-agent-<version>-image.tar}), loaded with
 * {@code podman load} and run on the host's network against the development Fleet Server on its loopback: it
 * enrolls and checks in as uid 1000 under tini, {@code podman stop} stops it within seconds, a restart of the same
 * container keeps its enrollment, a Fleet Server name DNS does not know yet is waited for, and an arbitrary uid in
 * group 0 runs it too.
 */
class ImageIT {
    private static final String STATE = "/usr/share/elastic-agent/state";

    private static String image;

    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    @BeforeAll
    static void load() {
        image = ImageArchive.load("ImageIT", ImageArchive.archive("ImageIT"), List.of(), Map.of()).id();
    }

    @AfterEach
    void remove() {
        containers.forEach(id -> Podman.run(List.of("podman", "rm", "-f", "-t", "0", id), Duration.ofMinutes(1)));
        volumes.forEach(v -> Podman.run(List.of("podman", "volume", "rm", "-f", v), Duration.ofMinutes(1)));
    }

    private String volume() {
        String v = Podman.podman(Duration.ofSeconds(30), "volume", "create", "imageit-" + ProcessHandle.current().pid() + "-" + volumes.size());
        volumes.add(v);
        return v;
    }

    /** Starts the image detached with {@code env} handed through by name (values never reach an argv). */
    private String run(Map<String, String> env, String... options) {
        List<String> cmd = new ArrayList<>(List.of("podman", "run", "-d", "--network", "host"));
        cmd.addAll(List.of(options));
        env.keySet().forEach(k -> cmd.addAll(List.of("-e", k)));
        cmd.add(image);
        Podman.Result r = Podman.run(cmd, Duration.ofMinutes(1), env);
        assertEquals(0, r.exit(), r.both());
        String id = r.out().strip();
        containers.add(id);
        return id;
    }

    private static String logs(String id) {
        return Podman.run(List.of("podman", "logs", id), Duration.ofSeconds(30)).both();
    }

    private static String exec(String id, String... command) {
        List<String> cmd = new ArrayList<>(List.of("podman", "exec", id));
        cmd.addAll(List.of(command));
        Podman.Result r = Podman.run(cmd, Duration.ofSeconds(30));
        assertEquals(0, r.exit(), String.join(" ", command) + ": " + r.both() + "\n" + logs(id));
        return r.out().strip();
    }

    /** {@code elastic-agent status} run inside the container, as a probe runs it: its exit code. */
    private static int status(String id) {
        return Podman.run(List.of("podman", "exec", id, "elastic-agent", "status"), Duration.ofSeconds(60)).exit();
    }

    private static Map<String, String> fleetEnv(FleetServerFixture fleet) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("FLEET_ENROLL", "1");
        e.put("FLEET_URL", fleet.url());
        e.put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        e.put("FLEET_INSECURE", "1");
        return e;
    }

    @Test
    void theImageHoldsTheAgentForUid1000WithoutBuildLeftovers() {
        String config = Podman.podman(Duration.ofSeconds(30), "image", "inspect", "--format",
                "{{json .Config.Entrypoint}} {{.Config.User}} {{json .Config.Env}}", image);
        assertTrue(config.startsWith("[\"/usr/bin/tini\",\"--\",\"elastic-agent\",\"container\"] 1000:0 "), config);
        assertTrue(config.contains("\"ELASTIC_CONTAINER=true\""), config);
        String facts = Podman.podman(Duration.ofMinutes(1), "run", "--rm", "--entrypoint", "sh", image, "-c",
                "id -u; id -g; command -v elastic-agent; stat -c '%a %u:%g' /usr/share/elastic-agent " + STATE
                        + "; test -x /usr/share/elastic-agent/jre/bin/java && echo jre;"
                        + " for t in gcc cc c++ javac; do command -v $t; done;"
                        + " ls -A /var/lib/apt/lists | grep -v '^lock$\\|^partial$'; ls /var/cache/apt/*.bin 2>/dev/null;"
                        + " find / -xdev -name '.*_history' 2>/dev/null; echo end");
        assertEquals(List.of("1000", "0", "/usr/share/elastic-agent/elastic-agent", "775 1000:0", "770 1000:0", "jre", "end"),
                facts.lines().toList(), "compiler, apt lists, history or wrong owner in the image:\n" + facts);
    }

    @Test
    void enrollsChecksInStopsOnSigtermAndKeepsItsEnrollmentAcrossARestart() throws Exception {
        long started = System.nanoTime();
        try (FleetServerFixture fleet = QuickFleet.start()) {
            String id = run(fleetEnv(fleet), "-v", volume() + ":" + STATE);
            String agent = fleet.awaitEnrollments(1, Duration.ofSeconds(60)).getFirst().id();
            fleet.awaitCheckins(agent, 1, Duration.ofSeconds(30));
            System.out.printf("ImageIT: enrolled and checked in %.1f s after podman run%n", (System.nanoTime() - started) / 1e9);
            assertEquals("tini", exec(id, "cat", "/proc/1/comm"), "PID 1 is not the init");
            assertEquals("1000 0", exec(id, "sh", "-c", "echo $(id -u) $(id -g)"));
            assertTrue(exec(id, "ls", STATE).contains("fleet.enc"));
            // the probe: HEALTHY and connected, so status exits 0
            Waits.until("status exits 0 in the container", Duration.ofSeconds(60), Duration.ofSeconds(1), () -> status(id), c -> c == 0,
                    c -> "exit " + c + "\n" + logs(id));

            // SIGTERM reaches the agent through tini: it stops well before podman's 10 s grace ends in SIGKILL
            long stopping = System.nanoTime();
            Podman.podman(Duration.ofSeconds(30), "stop", "-t", "10", id);
            double stopped = (System.nanoTime() - stopping) / 1e9;
            String exit = Podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", id);
            System.out.printf("ImageIT: podman stop took %.1f s, exit %s%n", stopped, exit);
            assertTrue(stopped < 5, "podman stop took " + stopped + " s: the signal did not reach the agent\n" + logs(id));
            // 0 as the real agent's: a stop asked for is a clean end (143 would be the JVM's default, 137 podman's SIGKILL)
            assertEquals("0", exit, "exit " + exit + " after podman stop\n" + logs(id));
            // exit 0 within the grace period means the daemon closed its components itself (podman's SIGKILL would
            // be 137); and nothing of the container is left running
            assertEquals("false", Podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", id));
            assertTrue(Podman.run(List.of("podman", "top", id), Duration.ofSeconds(30)).exit() != 0, "processes left after podman stop");

            // the same container started again: the same agent, no second enrollment
            int before = fleet.checkins(agent).size();
            Podman.podman(Duration.ofSeconds(30), "start", id);
            fleet.awaitCheckins(agent, before + 1, Duration.ofSeconds(60));
            Waits.until("the restart's reason in the log", Duration.ofSeconds(10), Duration.ofMillis(200), () -> logs(id),
                    l -> l.contains("not enrolling: agent " + agent), l -> l);
            assertEquals(1, fleet.enrollRequests().size(), "the restart enrolled a second agent:\n" + logs(id));
            assertEquals(1, fleet.agents().size());
            assertTrue(!logs(id).contains(fleet.enrollmentToken()), "the token reached the log");
        }
        System.out.printf("ImageIT: enroll, stop and restart took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void aFleetServerNameDnsLearnsLateIsWaitedFor() throws Exception {
        long started = System.nanoTime();
        try (FleetServerFixture fleet = QuickFleet.start()) {
            Map<String, String> env = fleetEnv(fleet);
            env.put("FLEET_URL", "http://fleet-server.late.test:" + fleet.port());
            String id = run(env, "-v", volume() + ":" + STATE);
            Waits.until("a failed attempt naming the missing name", Duration.ofSeconds(60), Duration.ofMillis(200), () -> logs(id),
                    l -> l.contains("container: Enrollment attempt 1 failed: cannot resolve fleet-server.late.test: not in DNS (yet); retrying in"),
                    l -> l);
            // not enrolled, no daemon yet: the probe fails, so a readiness probe keeps traffic away
            assertTrue(status(id) != 0, "status exited 0 before the agent ran\n" + logs(id));
            // the orchestrator publishes the name: the container's resolver learns it now
            Podman.podman(Duration.ofSeconds(30), "exec", "--user", "0", id, "sh", "-c", "echo '127.0.0.1 fleet-server.late.test' >> /etc/hosts");
            String agent = fleet.awaitEnrollments(1, Duration.ofSeconds(60)).getFirst().id();
            fleet.awaitCheckins(agent, 1, Duration.ofSeconds(30));
            assertEquals("true", Podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", id), logs(id));
        }
        System.out.printf("ImageIT: Fleet Server found by a name DNS learnt late, enrolled within %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void anArbitraryUidInGroupZeroRunsIt() throws Exception {
        long started = System.nanoTime();
        try (FleetServerFixture fleet = QuickFleet.start()) {
            String id = run(fleetEnv(fleet), "--user", "12345:0", "-v", volume() + ":" + STATE);
            String agent = fleet.awaitEnrollments(1, Duration.ofSeconds(60)).getFirst().id();
            fleet.awaitCheckins(agent, 1, Duration.ofSeconds(30));
            assertEquals("12345 0", exec(id, "sh", "-c", "echo $(id -u) $(id -g)"));
            assertEquals("12345", exec(id, "stat", "-c", "%u", STATE + "/fleet.enc"));
        }
        System.out.printf("ImageIT: --user 12345:0 enrolled and checked in within %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void aReadOnlyRootWithOnlyTheStateAndTmpWritableEnrollsAndIsHealthy() throws Exception {
        long started = System.nanoTime();
        try (FleetServerFixture fleet = QuickFleet.start()) {
            String id = run(fleetEnv(fleet), "--read-only", "--tmpfs", "/tmp", "-v", volume() + ":" + STATE);
            String agent = fleet.awaitEnrollments(1, Duration.ofSeconds(60)).getFirst().id();
            fleet.awaitCheckins(agent, 2, Duration.ofSeconds(60));
            Waits.until("status exits 0 on a read-only root", Duration.ofSeconds(60), Duration.ofSeconds(1), () -> status(id), c -> c == 0,
                    c -> "exit " + c + "\n" + logs(id));
            assertEquals("true", Podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", id), logs(id));
            assertTrue(!logs(id).contains("Read-only file system"), "something wrote outside the state path:\n" + logs(id));
        }
        System.out.printf("ImageIT: --read-only enrolled, checked in and HEALTHY within %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
