package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fleetagent.control.State;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleet.RecordedRequest;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.proxy.SquidProxy;
import org.fleetagent.fixtures.wait.Waits;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code run} daemon as a real process, against the Fleet fixture. */
class DaemonIT {
    @TempDir
    Path home;

    private final AgentProcess agent = AgentProcess.launcher();
    private FleetServerFixture fleet;
    private Process daemon;
    private String agentId;

    @BeforeEach
    void enroll() {
        fleet = QuickFleet.startEnrolled(agent, home);
        agentId = fleet.agents().get(0).id();
    }

    @AfterEach
    void stop() throws Exception {
        Teardown.stop(daemon, fleet);
    }

    private Process startDaemon() {
        return agent.start(home.resolve("daemon.log"), "run", "-e", "--path.home", home.toString());
    }

    private StatusJson status() {
        // any state is printed (exit 0 only when HEALTHY, 1 otherwise); nothing is printed when no daemon answers
        AgentProcess.Result r = agent.run("status", "--output", "json", "--path.home", home.toString());
        if (r.out().isBlank()) {
            return null;
        }
        return StatusJson.of(r);
    }

    private StatusJson awaitStatus(Predicate<StatusJson> ok, Duration timeout) {
        return Waits.until("a matching status", timeout, Duration.ofMillis(200), this::status, ok,
                last -> "last: " + last + "\ndaemon log:\n" + Waits.read(home.resolve("daemon.log")));
    }

    private static boolean healthyOnline(StatusJson s) {
        return s.state() == State.HEALTHY.number() && s.FleetState() == State.HEALTHY.number();
    }

    @Test
    void checksInAppliesTheFirstPolicyRestartsAndSurvivesSigkill() throws Exception {
        daemon = startDaemon();
        StatusJson s = awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));
        assertEquals(agentId, s.info().id());

        List<RecordedRequest> acks = fleet.awaitRequests(r -> r.path().endsWith("/acks") && r.body().contains("policy:"), 1, Duration.ofSeconds(20));
        assertTrue(acks.get(0).body().contains("ACKNOWLEDGED"), acks.get(0).body());
        int before = fleet.checkins(agentId).size();
        fleet.awaitCheckins(agentId, before + 2, Duration.ofSeconds(20));

        AgentProcess.Result human = agent.run("status", "--path.home", home.toString());
        assertEquals(0, human.exitCode(), human.toString());
        assertTrue(human.out().contains("fleet\n│  └─ status: (HEALTHY) "), human.toString());

        AgentProcess.Result restart = agent.run("restart", "--path.home", home.toString());
        assertEquals(0, restart.exitCode(), restart.toString());
        assertTrue(restart.out().contains("HEALTHY"), restart.toString());
        awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(10));

        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        AgentProcess.Result none = agent.run("status", "--path.home", home.toString());
        assertEquals(1, none.exitCode(), "no daemon answers after SIGKILL: " + none);
        assertTrue(none.err().contains("elastic-agent run"), none.toString());

        daemon = startDaemon();
        StatusJson again = awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));
        assertEquals(agentId, again.info().id(), "the same agent after SIGKILL");
        int afterRestart = fleet.checkins(agentId).size();
        fleet.awaitCheckins(agentId, afterRestart + 1, Duration.ofSeconds(20));
        assertEquals(1, fleet.agents().size(), "no second agent in Fleet");

        daemon.destroy();
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the daemon");
        assertFalse(Files.exists(home.resolve("elastic-agent.sock")), "the socket is removed on a clean stop");
    }

    @Test
    void everyActionFleetDeliversIsAcknowledgedAndThoseNotCarriedOutAsFailed() throws Exception {
        daemon = startDaemon();
        awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));
        Map<String, String> failing = new LinkedHashMap<>();
        for (String type : List.of("UPGRADE", "SETTINGS", "REQUEST_DIAGNOSTICS", "INPUT_ACTION", "MIGRATE", "PRIVILEGE_LEVEL_CHANGE")) {
            failing.put(fleet.publishAction(agentId, type, Map.of("input_type", "osquery", "version", "9.9.9")), type);
        }
        List<String> fine = List.of(fleet.publishAction(agentId, "POLICY_REASSIGN", Map.of("policy_id", fleet.policyId())),
                fleet.publishAction(agentId, "CANCEL", Map.of("target_id", "nothing-queued")));

        List<String> all = new java.util.ArrayList<>(failing.keySet());
        all.addAll(fine);
        Map<String, AckEvent> events = Waits.until("an ack of every action", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> ackEvents(fleet.acks(agentId)), m -> m.keySet().containsAll(all),
                last -> "acked: " + last + "\ndaemon log:\n" + Waits.read(home.resolve("daemon.log")));
        failing.forEach((id, type) -> {
            AckEvent e = events.get(id);
            assertEquals("ACKNOWLEDGED", e.subtype(), e.toString());
            assertTrue(e.error() != null && e.error().contains("not supported by this agent"), type + ": " + e);
        });
        fine.forEach(id -> assertNull(events.get(id).error(), events.get(id).toString()));
        AckEvent upgrade = events.get(failing.keySet().iterator().next());
        assertEquals(false, upgrade.payload() == null ? null : upgrade.payload().get("retry"), "a failed upgrade tells Fleet there is no retry");
        awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(10));
    }

    @Test
    void logsFollowsTheDaemonAndDiagnosticsBundlesItsStateWithoutTheApiKey() throws Exception {
        daemon = agent.start(home.resolve("stdout.log"), "run", "--path.home", home.toString()); // logs to files, not -e
        awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));

        AgentProcess.Result last = agent.run("logs", "-n", "3", "--path.home", home.toString());
        assertEquals(0, last.exitCode(), last.toString());
        assertEquals(3, last.out().lines().count(), last.out());
        assertTrue(last.out().lines().allMatch(l -> l.startsWith("{\"@timestamp\"")), "ECS lines, no colour when piped: " + last.out());

        Path followed = home.resolve("follow.out");
        Process follow = agent.start(followed, "logs", "-f", "-n", "0", "--exclude-events", "--path.home", home.toString());
        try {
            Waits.until("logs -f printing the existing lines", Duration.ofSeconds(20), Duration.ofMillis(200),
                    () -> Waits.read(followed), out -> out.contains("applied policy"), out -> out);
            String id = fleet.publishAction(agentId, "SETTINGS", Map.of("log_level", "debug"));
            Waits.until("logs -f printing the line the daemon writes for a refused action", Duration.ofSeconds(20),
                    Duration.ofMillis(200), () -> Waits.read(followed),
                    out -> out.contains("action " + id + " of type SETTINGS acknowledged as failed"), out -> out);
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }

        Path zip = home.resolve("out/diag.zip");
        Files.createDirectories(zip.getParent());
        AgentProcess.Result diag = agent.run("diagnostics", "-f", zip.toString(), "--path.home", home.toString());
        assertEquals(0, diag.exitCode(), diag.toString());
        assertTrue(diag.out().startsWith("Created diagnostics archive \"" + zip + "\"\n"), diag.out());
        String apiKey = String.valueOf(((Map<?, ?>) ((Map<?, ?>) new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(home)))
                .get("fleet")).get("access_api_key"));
        assertTrue(apiKey.length() > 10, apiKey);
        Map<String, String> entries = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(z.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertTrue(entries.get("state.yaml").contains("state: HEALTHY"), entries.get("state.yaml"));
        assertTrue(entries.get("local-config.yaml").contains(agentId), entries.get("local-config.yaml"));
        assertTrue(entries.keySet().stream().anyMatch(n -> n.startsWith("logs/elastic-agent.")), entries.keySet().toString());
        entries.forEach((name, content) -> assertFalse(content.contains(apiKey), "the API key leaked into " + name));
    }

    /** An ack event as Fleet receives it. */
    record AckEvent(String action_id, String subtype, String error, Map<String, Object> payload) {
    }

    record Acks(List<AckEvent> events) {
    }

    private static Map<String, AckEvent> ackEvents(List<RecordedRequest> acks) {
        Map<String, AckEvent> byId = new LinkedHashMap<>();
        for (RecordedRequest r : acks) {
            try {
                Acks a = Json.read(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), Acks.class);
                if (a.events() != null) { // the daemon's empty ack ({"events": null}) only proves its API key
                    a.events().forEach(e -> byId.put(e.action_id(), e));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return byId;
    }

    @Test
    void aPolicyProxyIsUsedThenRemovedAndAnUnreachableHostIsRejected() throws Exception {
        daemon = startDaemon();
        awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));
        try (SquidProxy squid = SquidProxy.start(List.of(), null)) {
            Map<String, Object> policy = fleet.currentPolicy();
            QuickFleet.fleetSection(policy).put("proxy_url", squid.url());
            fleet.publishPolicy(policy);
            squid.awaitLogLine("/api/fleet/agents/" + agentId + "/checkin", Duration.ofSeconds(30));
            Predicate<RecordedRequest> proxied = r -> isCheckin(r) && r.header("Via") != null;
            assertFalse(fleet.requests(proxied).isEmpty(), "squid marks what it forwards with Via");

            Map<String, Object> withoutProxy = fleet.currentPolicy();
            QuickFleet.fleetSection(withoutProxy).remove("proxy_url");
            fleet.publishPolicy(withoutProxy);
            awaitStatus(s -> s.FleetMessage() != null && s.FleetMessage().contains("Connected"), Duration.ofSeconds(20));
            // a check-in without the proxy: the agent has left it, and squid logs every proxied one as it ends
            Predicate<RecordedRequest> direct = r -> isCheckin(r) && r.header("Via") == null;
            fleet.awaitRequests(direct, fleet.requests(direct).size() + 1, Duration.ofSeconds(20));
            int proxiedBefore = Waits.until("squid logged every proxied check-in", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> count(squid, agentId), n -> n >= fleet.requests(proxied).size(), n -> "log: " + squid.accessLog());
            int directBefore = fleet.checkins(agentId).size();
            fleet.awaitCheckins(agentId, directBefore + 2, Duration.ofSeconds(20));
            assertEquals(proxiedBefore, count(squid, agentId), "check-ins go direct once a policy removed its proxy");

            Map<String, Object> unreachable = fleet.currentPolicy();
            QuickFleet.fleetSection(unreachable).put("hosts", List.of("http://127.0.0.1:1"));
            fleet.publishPolicy(unreachable);
            StatusJson s = awaitStatus(st -> st.FleetMessage() != null && st.FleetMessage().contains("rejected"), Duration.ofSeconds(30));
            assertEquals(State.DEGRADED.number(), s.FleetState(), s.toString());
            int n = fleet.checkins(agentId).size();
            fleet.awaitCheckins(agentId, n + 2, Duration.ofSeconds(20));
            List<RecordedRequest> acks = fleet.acks(agentId);
            assertTrue(acks.get(acks.size() - 1).body().contains("none of its Fleet hosts answered"), acks.get(acks.size() - 1).body());
        }
    }

    @Test
    void aComponentThatCrashesIsRestartedAndItsFailureShowsInStatus() throws Exception {
        Path components = Files.createDirectories(home.resolve("components"));
        Path program = components.resolve("crashy");
        // a component by the protocol: reads its configuration, reports HEALTHY, logs, then dies
        Files.writeString(program, """
                #!/bin/sh
                [ "$1" = "--agent-mode" ] || exit 64
                read -r config
                echo '{"units":[{"id":"crashy-default-in-1","type":"input","state":"HEALTHY","message":"Running"}]}'
                echo "crashy: lost my database connection" >&2
                sleep 1
                exit 3
                """);
        Files.setPosixFilePermissions(program, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        daemon = startDaemon();
        awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));

        Map<String, Object> policy = fleet.currentPolicy();
        policy.put("inputs", List.of(Map.of("id", "in-1", "type", "crashy", "use_output", "default")));
        fleet.publishPolicy(policy);

        StatusJson failed = awaitStatus(s -> hasState(s.component("crashy"), State.FAILED), Duration.ofSeconds(30));
        String message = failed.component("crashy").message();
        assertTrue(message.contains("exited with code 3"), message);
        assertTrue(message.contains("lost my database connection"), "the failure shows its last log lines: " + message);
        assertEquals(State.DEGRADED.number(), failed.state(), "a failed component degrades the agent");
        assertEquals("1 or more components/units in a failed state", failed.message());
        // full lists every component: it may be HEALTHY again by now, restarted (StatusIT holds a steady DEGRADED)
        AgentProcess.Result full = agent.run("status", "--output", "full", "--path.home", home.toString());
        assertTrue(full.out().contains("─ crashy-default\n"), "the component is listed: " + full);

        awaitStatus(s -> hasState(s.component("crashy"), State.HEALTHY), Duration.ofSeconds(30));
    }

    private static boolean hasState(StatusJson.Component c, State state) {
        return c != null && c.state() == state.number();
    }

    @Test
    void aPlaintextFleetYmlIsEncryptedAndRemovedAtStart() throws Exception {
        // an older tool, or a person, left the Fleet configuration in plaintext beside an empty fleet.enc
        String plain = ReferenceFleetEnc.decrypt(home);
        Files.delete(home.resolve("fleet.enc"));
        Files.writeString(home.resolve("fleet.yml"), plain);

        daemon = startDaemon();
        StatusJson s = awaitStatus(DaemonIT::healthyOnline, Duration.ofSeconds(30));
        assertEquals(agentId, s.info().id());
        assertFalse(Files.exists(home.resolve("fleet.yml")), "the plaintext file is gone");
        String now = ReferenceFleetEnc.decrypt(home);
        assertTrue(now.contains(agentId), "its content is now in fleet.enc: " + now);
        String key = plain.lines().filter(l -> l.contains("access_api_key:")).findFirst().orElseThrow().trim();
        assertTrue(now.contains(key), "the API key moved into fleet.enc");
        assertTrue(Files.readString(home.resolve("daemon.log")).contains("encrypted the plaintext"));

        AgentProcess.Result yaml = agent.run("status", "--output", "yaml", "--path.home", home.toString());
        assertEquals(0, yaml.exitCode(), yaml.toString());
        assertTrue(yaml.out().contains("\nfleet_state: 2\n"), yaml.toString());
    }

    private boolean isCheckin(RecordedRequest r) {
        return r.path().equals("/api/fleet/agents/" + agentId + "/checkin");
    }

    private static int count(SquidProxy squid, String agentId) {
        return (int) squid.accessLog().stream().filter(l -> l.contains("/api/fleet/agents/" + agentId + "/checkin")).count();
    }

}
