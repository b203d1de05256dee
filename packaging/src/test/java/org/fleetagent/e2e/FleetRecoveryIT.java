package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fleetagent.control.State;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.proxy.SquidProxy;
import org.fleetagent.fixtures.wait.Waits;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code elastic-agent fleet set-… / undo} run as processes against a running daemon, the dev Fleet Server (two of
 * them, sharing their agents as fleet-server shares Elasticsearch) and real squid: each change ends with the daemon
 * checked in with the new settings, and a probe that fails leaves every configuration file as it was.
 */
class FleetRecoveryIT {
    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private NamedFleet named;
    private Path home;
    private Process daemon;
    private String agentId;

    @BeforeEach
    void start() throws Exception {
        named = NamedFleet.in(dir, agent);
        home = dir.resolve("home");
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** A Fleet Server on {@code port} (0: any) with the server certificate of {@code server}, verifying clients against {@code clientCas}. */
    private FleetServerFixture fleet(TestPki server, int port, ClientAuth auth, List<X509Certificate> clientCas) {
        var ctx = SslContexts.of(server.server().privateKey(), server.server().chain(), clientCas);
        FleetServerFixture f = FleetServerFixture.builder().publicHost(NamedFleet.NAME).port(port).tls(ctx, auth)
                .checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO).persistAgents(dir.resolve("agents.json")).build().start();
        closing.add(f::close);
        return f;
    }

    private FleetServerFixture fleet() {
        return fleet(named.pki(), 0, ClientAuth.NONE, List.of(named.pki().rootCa().certificate()));
    }

    /** Enrolls into {@code f} with {@code extra} flags, starts the daemon and waits until it applied the first policy. */
    private void enrollAndRun(FleetServerFixture f, String... extra) {
        List<String> args = new ArrayList<>(List.of("enroll", "--url", NamedFleet.url(f), "-t", f.enrollmentToken(), "-a", named.ca().toString(),
                "--path.home", home.toString()));
        args.addAll(List.of(extra));
        AgentProcess.Result r = agent.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        agentId = f.agents().getFirst().id();
        daemon = agent.start(dir.resolve("daemon.log"), "run", "-e", "--path.home", home.toString());
        awaitCheckin(f);
        try {
            // the first policy's fleet.hosts are stored before it is acknowledged; from then on fleet.enc stays as it is
            f.awaitRequests(q -> q.path().endsWith("/acks") && q.body().contains("policy:"), 1, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new AssertionError("the first policy was not acknowledged: " + e + "\ndaemon log:\n" + Waits.read(dir.resolve("daemon.log")), e);
        }
    }

    /** Waits for a check-in of the agent at {@code f} after those it has recorded now. */
    private void awaitCheckin(FleetServerFixture f) {
        try {
            f.awaitCheckins(agentId, f.checkins(agentId).size() + 1, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new AssertionError("no check-in at " + NamedFleet.url(f) + ": " + e + "\ndaemon log:\n" + Waits.read(dir.resolve("daemon.log")), e);
        }
    }

    private AgentProcess.Result fleetCommand(String... args) {
        List<String> all = new ArrayList<>(List.of("fleet"));
        all.addAll(List.of(args));
        all.addAll(List.of("--timeout", "60s", "--path.home", home.toString()));
        return agent.run(all);
    }

    private static void assertDone(AgentProcess.Result r, String changed) {
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains(changed), r.toString());
        assertTrue(r.out().contains("Elastic Agent restarted and connected to Fleet after "), r.toString());
    }

    /** The configuration files: fleet.enc, fleet.enc.prev, elastic-agent.yml and the vault, with modes and hashes. */
    private DirSnapshot configuration() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("snapshot-" + System.nanoTime()));
        for (String name : List.of("fleet.enc", "fleet.enc.prev", "elastic-agent.yml")) {
            if (Files.exists(home.resolve(name))) {
                Files.copy(home.resolve(name), copy.resolve(name), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Map<String, String> entries = new java.util.TreeMap<>(DirSnapshot.of(copy).entries());
        DirSnapshot.of(home.resolve("vault")).entries().forEach((k, v) -> entries.put("vault/" + k, v));
        return new DirSnapshot(entries);
    }

    private Map<?, ?> fleetSection() throws Exception {
        return (Map<?, ?>) ((Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(home))).get("fleet");
    }

    private StatusJson awaitStatus(Predicate<StatusJson> ok) {
        return Waits.until("a matching status", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            AgentProcess.Result r = agent.run("status", "--output", "json", "--path.home", home.toString());
            return r.out().isBlank() ? null : StatusJson.of(r);
        }, ok, last -> "last: " + last + "\ndaemon log:\n" + Waits.read(dir.resolve("daemon.log")));
    }

    private String explainedSource(String setting) throws Exception {
        AgentProcess.Result r = agent.run("inspect", "--explain", "--output", "json", "--path.home", home.toString());
        assertEquals(0, r.exitCode(), r.toString());
        ExplainIT.Explained doc = Json.read(r.out().getBytes(StandardCharsets.UTF_8), ExplainIT.Explained.class);
        return doc.destinations().stream().filter(d -> d.name().equals("fleet")).flatMap(d -> d.settings().stream())
                .filter(s -> s.name().equals(setting)).findFirst().orElseThrow().source();
    }

    @Test
    void setUrlMovesTheDaemonToASecondFleetServerAndUndoBringsItBack() throws Exception {
        FleetServerFixture first = fleet();
        enrollAndRun(first);
        FleetServerFixture second = fleet(); // started after the enrollment: it reads the agent from the shared records

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        DirSnapshot before = configuration();
        AgentProcess.Result refused = fleetCommand("set-url", "https://" + NamedFleet.NAME + ":" + closed);
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("Error: the new setting does not work, nothing was changed: tcp: "), refused.toString());
        assertEquals(1, refused.err().lines().count(), refused.toString());
        assertEquals(before, configuration(), "a failed probe changes no file");
        awaitCheckin(first);

        AgentProcess.Result moved = fleetCommand("set-url", NamedFleet.url(second));
        assertDone(moved, "Fleet URL set to " + NamedFleet.url(second));
        awaitCheckin(second);
        assertEquals(NamedFleet.NAME + ":" + second.port(), fleetSection().get("host"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("fleet.enc.prev"))));
        // the origin is recorded; inspect --explain names it until a policy's fleet.hosts replaces the URL (the second's may)
        assertEquals("command fleet set-url", ((Map<?, ?>) fleetSection().get("origins")).get("url"));

        AgentProcess.Result back = fleetCommand("undo");
        assertDone(back, "Back to the previous settings: Fleet at " + NamedFleet.url(first));
        awaitCheckin(first);
        assertTrue(awaitStatus(s -> s.FleetState() == State.HEALTHY.number()).FleetMessage().contains(NamedFleet.url(first)));
    }

    @Test
    void setProxyRoutesTheDaemonThroughSquidAndNoneRecoversWhenTheProxyIsGone() throws Exception {
        FleetServerFixture f = fleet();
        enrollAndRun(f);
        SquidProxy squid = SquidProxy.start(List.of(), null, named.hosts());
        try {
            AgentProcess.Result through = fleetCommand("set-proxy", squid.url());
            assertDone(through, "Proxy set to " + squid.url());
            assertTrue(through.out().contains(": every hop passed"), through.toString());
            awaitCheckin(f);
            assertEquals(squid.url(), fleetSection().get("proxy_url"));
            assertEquals("command fleet set-proxy", explainedSource("proxy"));
        } finally {
            squid.close();
        }
        // the daemon's check-ins went through squid: without it they fail
        awaitStatus(s -> s.FleetState() == State.DEGRADED.number());

        AgentProcess.Result direct = fleetCommand("set-proxy", "--none");
        assertDone(direct, "Proxy removed");
        awaitCheckin(f);
        awaitStatus(s -> s.FleetState() == State.HEALTHY.number());
        assertEquals(true, fleetSection().get("proxy_disable"));
        assertFalse(fleetSection().containsKey("proxy_url"));
    }

    @Test
    void setCaTrustsTheRotatedCaAndUndoToTheOldOneIsRefusedByItsProbe() throws Exception {
        FleetServerFixture f = fleet();
        enrollAndRun(f);
        int port = f.port();
        f.close();
        TestPki rotated = NamedFleet.newPki();
        FleetServerFixture renewed = fleet(rotated, port, ClientAuth.NONE, List.of());
        awaitStatus(s -> s.FleetState() == State.DEGRADED.number()); // the old CA does not verify the new certificate

        AgentProcess.Result none = fleetCommand("undo");
        assertEquals(1, none.exitCode(), none.toString());
        assertTrue(none.err().startsWith("Error: there is nothing to undo"), none.toString());

        DirSnapshot before = configuration();
        Path unrelated = NamedFleet.newPki().rootCa().writeCertificate(dir.resolve("unrelated-ca.pem"));
        AgentProcess.Result wrong = fleetCommand("set-ca", unrelated.toString());
        assertEquals(4, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().startsWith("Error: the new setting does not work, nothing was changed: tls: "), wrong.toString());
        assertEquals(before, configuration(), "a failed probe changes no file");

        Path newCa = rotated.rootCa().writeCertificate(dir.resolve("rotated-ca.pem"));
        assertDone(fleetCommand("set-ca", newCa.toString()), "Fleet CA set to " + newCa);
        awaitCheckin(renewed);
        assertEquals(List.of(newCa.toString()), ((Map<?, ?>) fleetSection().get("ssl")).get("certificate_authorities"));
        assertEquals("command fleet set-ca", explainedSource("certificate_authorities"));

        DirSnapshot changed = configuration();
        AgentProcess.Result undo = fleetCommand("undo");
        assertEquals(4, undo.exitCode(), undo.toString());
        assertTrue(undo.err().startsWith("Error: the previous settings do not work, nothing was changed: tls: "), undo.toString());
        assertEquals(changed, configuration());
        awaitCheckin(renewed);
    }

    @Test
    void setCertPresentsTheRotatedClientCertificateWithItsPassphrase() throws Exception {
        TestPki clients = NamedFleet.newPki();
        FleetServerFixture f = fleet(named.pki(), 0, ClientAuth.REQUIRED, List.of(named.pki().rootCa().certificate()));
        Path cert = named.pki().client().writeChain(dir.resolve("client.pem"));
        Path key = named.pki().client().writeKey(dir.resolve("client.key"), KeyFormat.PKCS8);
        enrollAndRun(f, "--elastic-agent-cert", cert.toString(), "--elastic-agent-cert-key", key.toString());
        int port = f.port();
        f.close();
        // Fleet now accepts only client certificates of the new client CA
        FleetServerFixture renewed = fleet(named.pki(), port, ClientAuth.REQUIRED, List.of(clients.rootCa().certificate()));
        awaitStatus(s -> s.FleetState() == State.DEGRADED.number());

        Path newCert = clients.client().writeChain(dir.resolve("rotated.pem"));
        Path pass = Files.writeString(dir.resolve("rotated.pass"), "s3cret-pass\n");
        Path newKey = clients.client().writeKey(dir.resolve("rotated.key"), KeyFormat.ENCRYPTED_PKCS8, "s3cret-pass".toCharArray());
        AgentProcess.Result r = fleetCommand("set-cert", newCert.toString(), newKey.toString(), "--passphrase-file", pass.toString());
        assertDone(r, "Client certificate set to " + newCert);
        awaitCheckin(renewed);
        Map<?, ?> ssl = (Map<?, ?>) fleetSection().get("ssl");
        assertEquals(newCert.toString(), ssl.get("certificate"));
        assertEquals(pass.toString(), ssl.get("key_passphrase_path"));
        assertFalse(r.all().contains("s3cret-pass"), "the passphrase is never printed");
    }
}
