package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleet.RecordedRequest;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.proxy.SquidProxy;
import org.fleetagent.fixtures.wait.Waits;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect --explain} against a running daemon and the Fleet fixture: the source of the proxy as a flag sets
 * it, a policy replaces it and a later policy removes it; the source of a CA the container's environment gave.
 */
class ExplainIT {
    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    private FleetServerFixture fleet;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        Teardown.stop(daemon, fleet);
    }

    @Test
    void theProxySourceFollowsTheFlagThenAPolicyThenItsRemoval() throws Exception {
        fleet = QuickFleet.start();
        Path home = dir.resolve("home");
        try (SquidProxy squid = SquidProxy.start(List.of(), null)) {
            AgentProcess.Result r = agent.run("enroll", "--url", fleet.url(), "-t", fleet.enrollmentToken(), "--insecure",
                    "--proxy-url", squid.url(), "--proxy-header", "X-Team=ops", "--path.home", home.toString());
            assertEquals(0, r.exitCode(), r.toString());
            String agentId = fleet.agents().get(0).id();

            Setting proxy = setting(explain(home), "fleet", "proxy");
            assertEquals(squid.url(), proxy.value());
            assertEquals("flag --proxy-url", proxy.source());
            assertEquals("flag --proxy-header", setting(explain(home), "fleet", "proxy_headers").source());
            assertEquals("flag --insecure", setting(explain(home), "fleet", "verification_mode").source());

            daemon = agent.start(home.resolve("daemon.log"), "run", "-e", "--path.home", home.toString());
            fleet.awaitCheckins(agentId, 1, Duration.ofSeconds(30));
            // the same squid under another name: a value only the policy has
            String policyProxy = squid.url().replace("127.0.0.1", "localhost");
            Map<String, Object> policy = fleet.currentPolicy();
            QuickFleet.fleetSection(policy).put("proxy_url", policyProxy);
            long withProxy = fleet.publishPolicy(policy);
            Setting fromPolicy = awaitSetting(home, "proxy", s -> s.value().equals(policyProxy));
            assertEquals("policy revision " + withProxy, fromPolicy.source());
            assertTrue(fromPolicy.rule().contains("replaces the enroll-time proxy"), fromPolicy.toString());

            Map<String, Object> without = fleet.currentPolicy();
            QuickFleet.fleetSection(without).remove("proxy_url");
            long withoutProxy = fleet.publishPolicy(without);
            // the revision is recorded as soon as the policy arrives, the proxy once the daemon has tried the
            // settings without it: wait for the value too, not only the revision
            Setting removed = awaitSetting(home, "proxy", s -> s.source().equals("policy revision " + withoutProxy)
                    && s.value().startsWith("(none)"));
            assertTrue(removed.rule().startsWith("removed by policy revision " + withoutProxy), removed.toString());
            Predicate<RecordedRequest> direct = q -> q.path().endsWith("/checkin") && q.header("Via") == null;
            fleet.awaitRequests(direct, fleet.requests(direct).size() + 1, Duration.ofSeconds(20));

            AgentProcess.Result human = agent.run("inspect", "--explain", "--path.home", home.toString());
            assertEquals(0, human.exitCode(), human.toString());
            assertTrue(human.out().contains("revision " + withoutProxy), human.out());
            assertTrue(human.out().contains("\noutput default\n") && human.out().contains("\ndownloads\n"), human.out());
            assertFalse(human.out().contains("ops"), "proxy header values are never shown: " + human.out());
        }
    }

    @Test
    void aCaFromTheContainersEnvironmentIsNamedWithItsVariable() throws Exception {
        TestPki pki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        Path ca = pki.rootCa().writeCertificate(dir.resolve("ca.pem"));
        fleet = FleetServerFixture.builder().tls(SslContexts.server(pki), ClientAuth.NONE).checkinLongPoll(Duration.ofSeconds(2)).build().start();
        Path state = dir.resolve("state");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_ENROLL", "1");
        env.put("FLEET_URL", "https://localhost:" + fleet.port());
        env.put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        env.put("FLEET_CA", ca.toString());
        env.put("STATE_PATH", state.toString());
        daemon = AgentProcess.container(env, dir.resolve("container.log"));
        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));

        // the first check-in can come before its policy is applied: wait until the policy's fleet.hosts are in
        Explained doc = Waits.until("the policy's Fleet hosts explained", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> explainContainer(state), d -> setting(d, "fleet", "url").source().startsWith("policy revision "),
                last -> "last: " + last + "\ncontainer log:\n" + Waits.read(dir.resolve("container.log")));
        Setting cas = setting(doc, "fleet", "certificate_authorities");
        assertEquals(ca.toString(), cas.value());
        assertEquals("env FLEET_CA", cas.source());
        // the fixture's policy lists its Fleet hosts, which replace FLEET_URL, as they replace --url
        Setting url = setting(doc, "fleet", "url");
        assertTrue(url.source().startsWith("policy revision "), url.toString());
        assertTrue(url.rule().contains("fleet.hosts replaces"), url.toString());
        Setting mode = setting(doc, "fleet", "verification_mode");
        assertEquals("full", mode.value());
        assertEquals("default", mode.source());
    }

    /** {@code inspect --explain --output json}, as a script reads it. */
    record Explained(String policy, List<Destination> destinations) {
    }

    record Destination(String name, List<Setting> settings) {
    }

    record Setting(String name, String value, String source, String rule) {
    }

    private Explained explain(Path home) throws Exception {
        AgentProcess.Result r = agent.run("inspect", "--explain", "--output", "json", "--path.home", home.toString());
        assertEquals(0, r.exitCode(), r.toString());
        return Json.read(r.out().getBytes(StandardCharsets.UTF_8), Explained.class);
    }

    private static Explained explainContainer(Path state) throws Exception {
        AgentProcess.Result r = AgentProcess.launcher().env("STATE_PATH", state.toString()).run("inspect", "--explain", "--output", "json");
        assertEquals(0, r.exitCode(), r.toString());
        return Json.read(r.out().getBytes(StandardCharsets.UTF_8), Explained.class);
    }

    private Setting awaitSetting(Path home, String name, Predicate<Setting> ok) {
        return Waits.until("fleet " + name + " explained", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> setting(explain(home), "fleet", name), ok, last -> "last: " + last + "\ndaemon log:\n" + Waits.read(home.resolve("daemon.log")));
    }

    private static Setting setting(Explained doc, String destination, String name) {
        for (Destination d : doc.destinations()) {
            if (destination.equals(d.name())) {
                for (Setting s : d.settings()) {
                    if (name.equals(s.name())) {
                        return s;
                    }
                }
            }
        }
        return new Setting(name, "", "", "");
    }
}
