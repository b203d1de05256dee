package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elastic-agent container} as a process configured by environment variables only, as a container runtime
 * starts it: it enrolls, keeps its identity across restarts of the same state volume, re-enrolls when FLEET_URL
 * changes, logs why each time, and stops cleanly on SIGTERM.
 */
class ContainerIT {
    @TempDir
    Path state;

    @TempDir
    Path scratch;

    private final AgentProcess agent = AgentProcess.launcher();
    private FleetServerFixture fleet;
    private Process container;

    @BeforeEach
    void start() {
        fleet = QuickFleet.start();
    }

    @AfterEach
    void stop() throws Exception {
        Teardown.kill(container, fleet);
    }

    private Map<String, String> env(String url) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("FLEET_ENROLL", "1");
        e.put("FLEET_URL", url);
        e.put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        e.put("FLEET_INSECURE", "true");
        e.put("STATE_PATH", state.toString());
        return e;
    }

    /** Starts the entrypoint with exactly {@code env} (plus PATH and the Java runtime), output into {@code log}. */
    private Process startContainer(Map<String, String> env, Path log) {
        return AgentProcess.container(env, log);
    }

    private static String awaitLog(Path log, Predicate<String> line, Duration timeout) {
        return Waits.awaitLine(log, line, timeout);
    }

    /** Stops the running agent: a stop asked for is a clean end (exit 0), as the real entrypoint's. */
    private void stopContainer(Path log) throws Exception {
        assertEquals(0, stop(log), "a stop asked for is a clean end, as the real entrypoint's:\n" + Files.readString(log));
    }

    /**
     * Stops an entrypoint that may still be enrolling: killed by the signal then (143, as the real one, which handles
     * no signal while it enrolls), or a clean end once its daemon runs.
     */
    private void stopContainerMaybeEnrolling(Path log) throws Exception {
        int exit = stop(log);
        assertTrue(exit == 0 || exit == 143, "exit " + exit + " after SIGTERM:\n" + Files.readString(log));
    }

    private int stop(Path log) throws Exception {
        container.destroy(); // SIGTERM, as `docker stop`
        assertTrue(container.waitFor(20, TimeUnit.SECONDS), "SIGTERM did not stop the container entrypoint:\n" + Files.readString(log));
        assertFalse(Files.exists(state.resolve("data/elastic-agent.sock")), "the socket is left after SIGTERM");
        return container.exitValue();
    }

    @Test
    void enrollsKeepsItsIdentityAcrossRestartsAndReenrollsWhenFleetUrlChanges() throws Exception {
        // first start: enrolls, and says why
        Path log1 = scratch.resolve("1.log");
        container = startContainer(env(fleet.url()), log1);
        awaitLog(log1, l -> l.contains("enrolling: no enrollment is stored"), Duration.ofSeconds(30));
        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        assertTrue(Files.exists(state.resolve("fleet.enc")) && Files.exists(state.resolve("container-paths.yml")));
        String paths = Files.readString(state.resolve("container-paths.yml"));
        assertTrue(paths.contains("state_path: " + state) && paths.contains("socket_path: " + state.resolve("data")), paths);
        // a later `elastic-agent status` in the same container finds the daemon through container-paths.yml
        AgentProcess.Result status = AgentProcess.launcher().env("STATE_PATH", state.toString()).run("status", "--output", "full");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("id: " + id), status.out());
        assertFalse(Files.readString(log1).contains(fleet.enrollmentToken()), "the token reached the log");
        stopContainer(log1);

        // restart with the same state volume: no new enrollment, and the reason is logged
        Path log2 = scratch.resolve("2.log");
        container = startContainer(env(fleet.url()), log2);
        awaitLog(log2, l -> l.contains("not enrolling: agent " + id) && l.contains("keeping the enrollment"), Duration.ofSeconds(30));
        int before = fleet.checkins(id).size();
        fleet.awaitCheckins(id, before + 1, Duration.ofSeconds(30));
        assertEquals(1, fleet.enrollRequests().size(), "the restart enrolled again");
        stopContainer(log2);

        // FLEET_URL changes (the same server under another name): re-enrolls and says so
        String other = fleet.url().replace("127.0.0.1", "localhost");
        Path log3 = scratch.resolve("3.log");
        container = startContainer(env(other), log3);
        awaitLog(log3, l -> l.contains("enrolling: FLEET_URL changed"), Duration.ofSeconds(30));
        fleet.awaitEnrollments(2, Duration.ofSeconds(30));
        assertEquals(2, fleet.enrollRequests().size());
        stopContainerMaybeEnrolling(log3);
    }

    @Test
    void anAgentFleetNoLongerAcceptsReenrollsUnlessTheSettingSaysNo() throws Exception {
        Path log1 = scratch.resolve("r1.log");
        container = startContainer(env(fleet.url()), log1);
        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        stopContainer(log1);
        // unenrolled in Kibana: its API key is revoked
        fleet.invalidateApiKey(fleet.agent(id).orElseThrow().accessApiKeyId());

        Map<String, String> stay = env(fleet.url());
        stay.put("ELASTIC_AGENT_REENROLL_REVOKED", "false");
        Path log2 = scratch.resolve("r2.log");
        container = startContainer(stay, log2);
        awaitLog(log2, l -> l.contains("not enrolling: Fleet rejects the stored API key") && l.contains("staying unenrolled"), Duration.ofSeconds(30));
        stopContainer(log2);
        assertEquals(1, fleet.enrollRequests().size());

        Path log3 = scratch.resolve("r3.log");
        container = startContainer(env(fleet.url()), log3);
        awaitLog(log3, l -> l.contains("enrolling: Fleet rejects the stored API key"), Duration.ofSeconds(30));
        fleet.awaitEnrollments(2, Duration.ofSeconds(30));
        stopContainerMaybeEnrolling(log3);
    }

    @Test
    void withoutATokenItLooksTheDefaultPolicysTokenUpInKibana() throws Exception {
        try (org.fleetagent.fixtures.kibana.KibanaFixture kibana = new org.fleetagent.fixtures.kibana.KibanaFixture()
                .credentials("ops", "s3cret")
                .policy("other-policy", "Other", false, false)
                .policy("agent-policy-1", "Agents", true, false)
                .enrollmentKey("k-other", "Default (11111111-2222-3333-4444-555555555555)", "other-policy", "wrong-token", true)
                .enrollmentKey("k-old", "Default (aaaaaaaa-2222-3333-4444-555555555555)", "agent-policy-1", "revoked-token", false)
                .enrollmentKey("k-1", "Default (99999999-2222-3333-4444-555555555555)", "agent-policy-1", fleet.enrollmentToken(), true)
                .failFirst(2)
                .start()) {
            Map<String, String> e = env(fleet.url());
            e.remove("FLEET_ENROLLMENT_TOKEN");
            e.put("KIBANA_FLEET_HOST", kibana.url());
            e.put("KIBANA_FLEET_USERNAME", "ops");
            e.put("KIBANA_FLEET_PASSWORD", "s3cret");
            e.put("KIBANA_REQUEST_RETRY_SLEEP", "100ms");
            Path log = scratch.resolve("kibana.log");
            container = startContainer(e, log);
            awaitLog(log, l -> l.contains("found the enrollment token \"Default\" in Kibana"), Duration.ofSeconds(30));
            String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
            fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
            assertTrue(kibana.requests().stream().anyMatch(r -> r.path().equals("/api/fleet/enrollment_api_keys/k-1")), kibana.requests().toString());
            assertTrue(kibana.requests().stream().noneMatch(r -> r.path().endsWith("/k-other") || r.path().endsWith("/k-old")));
            assertFalse(Files.readString(log).contains("s3cret"), "the Kibana password reached the log");
            stopContainer(log);
        }
    }

    @Test
    void unknownVariablesAreNamedAndANonPersistentStatePathIsRefused() throws Exception {
        Map<String, String> e = env(fleet.url());
        e.put("FLEET_ENROL", "1");
        e.put("KIBANA_FLEET_SETUP", "1");
        e.put("STATE_PATH", "/dev/shm/elastic-agent-container-it-" + ProcessHandle.current().pid());
        Path log = scratch.resolve("lint.log");
        container = startContainer(e, log);
        assertTrue(container.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(2, container.exitValue(), out);
        assertTrue(out.contains("FLEET_ENROL is not a variable the container reads; did you mean FLEET_ENROLL?"), out);
        assertTrue(out.contains("KIBANA_FLEET_SETUP was removed"), out);
        assertTrue(out.contains("Error: STATE_PATH=/dev/shm/") && out.contains("tmpfs"), out);
        assertEquals(0, fleet.enrollRequests().size());
        new ProcessBuilder("rm", "-rf", e.get("STATE_PATH")).start().waitFor();
    }
}
