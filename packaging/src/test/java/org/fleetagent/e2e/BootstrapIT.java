package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fleetagent.control.State;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.elasticsearch.FakeElasticsearch;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.fleetserver.FleetServerComponentMain;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.wait.Waits;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code enroll --fleet-server-es ...} as a process: the agent starts the fleet-server component fixture through its
 * daemon and enrolls into it, in each mode, with and without a daemon already running.
 */
class BootstrapIT {
    @TempDir
    Path home;

    private static final String SERVICE_TOKEN = "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rlc3Q6c2VjcmV0";

    private final AgentProcess agent = AgentProcess.launcher();
    private Path record;
    /** The Elasticsearch the Fleet Server checks, over TLS with a CA that the agent is told by fingerprint. */
    private FakeElasticsearch es;
    private String esFingerprintAsOpensslPrintsIt;
    private String esFingerprintHex;
    private Process daemon;
    private final Map<String, String> startDaemonEnv = new java.util.HashMap<>();
    private int port;

    @BeforeEach
    void component() throws Exception {
        FleetServerComponentMain.writeLauncher(Files.createDirectories(home.resolve("components")).resolve("fleet-server"));
        record = home.resolve("component-record.ndjson");
        agent.env("FLEET_SERVER_COMPONENT_RECORD", record.toString());
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestPki pki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        List<java.security.cert.X509Certificate> chain = new ArrayList<>(pki.server().chain());
        if (!chain.contains(pki.rootCa().certificate())) {
            chain.add(pki.rootCa().certificate()); // Elasticsearch presents its CA, which the fingerprint pins
        }
        es = new FakeElasticsearch().serviceToken(SERVICE_TOKEN)
                .tls(SslContexts.of(pki.server().privateKey(), chain, List.of())).start();
        Path esCa = pki.rootCa().writeCertificate(Files.createTempFile("es-ca", ".pem"));
        // the fingerprint as operators copy it from openssl: upper-case hex with colons
        Process openssl = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", esCa.toString())
                .redirectErrorStream(true).start();
        String line = new String(openssl.getInputStream().readAllBytes()).strip();
        assertEquals(0, openssl.waitFor(), line);
        esFingerprintAsOpensslPrintsIt = line.substring(line.indexOf('=') + 1);
        esFingerprintHex = esFingerprintAsOpensslPrintsIt.replace(":", "").toLowerCase(java.util.Locale.ROOT);
        Files.delete(esCa);
    }

    @AfterEach
    void stop() throws Exception {
        es.close();
        Teardown.stop(daemon);
    }

    private List<String> bootstrapArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("enroll", "--fleet-server-es", es.url(),
                "--fleet-server-service-token", SERVICE_TOKEN, "--fleet-server-port", String.valueOf(port),
                "--fleet-server-es-ca-trusted-fingerprint", esFingerprintAsOpensslPrintsIt, "--fleet-server-timeout", "60s",
                "--path.home", home.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private Map<?, ?> fleetSection() throws Exception {
        Map<?, ?> doc = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(home));
        return (Map<?, ?>) doc.get("fleet");
    }

    private void assertEnrolledIntoItsOwnFleetServer(AgentProcess.Result r, String protocol) throws Exception {
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Successfully enrolled"), r.toString());
        assertTrue(r.err().contains("state is expected now"), "the DEGRADED state is explained: " + r);
        assertFalse(r.err().contains("(expected during bootstrap process) (expected"), "said once: " + r);
        Map<?, ?> fleet = fleetSection();
        Map<?, ?> server = (Map<?, ?>) fleet.get("server");
        assertFalse(Boolean.TRUE.equals(server.get("bootstrap")), "bootstrap: false after enrollment");
        assertEquals(port, server.get("port"));
        assertEquals(8221, server.get("internal_port"));
        assertEquals("localhost:8221", fleet.get("host"));
        assertEquals(protocol, fleet.get("protocol"));
        assertTrue(fleet.get("access_api_key") != null);
        assertFalse(Files.exists(home.resolve("fleet.yml")), "no plaintext config");
        String received = Files.readString(record);
        Bootstrap bootstrap = firstBootstrap(received);
        assertEquals("localhost:" + es.port(), bootstrap.hosts().getFirst(), "the component saw the bootstrap block: " + bootstrap);
        assertEquals("https", bootstrap.protocol());
        assertEquals(esFingerprintHex, bootstrap.ssl().ca_trusted_fingerprint(), "the openssl fingerprint, normalised");
        assertTrue(r.err().contains("read as " + esFingerprintHex), "the normalised fingerprint is shown: " + r);
        assertTrue(bootstrap.service_token().startsWith("AAEAAW"));
        assertTrue(es.requests().stream().anyMatch(FakeElasticsearch.Request::authorized),
                "Fleet Server checked Elasticsearch with the service token over the pinned TLS: " + es.requests());
        assertFalse(r.all().contains("AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rlc3Q6c2VjcmV0"), "the service token is not printed");
    }

    private Process startDaemon() {
        AgentProcess runner = AgentProcess.launcher().env("FLEET_SERVER_COMPONENT_RECORD", record.toString());
        startDaemonEnv.forEach(runner::env);
        Process p = runner.start(home.resolve("daemon.log"), "run", "-e", "--path.home", home.toString());
        Waits.until("the daemon answers status", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> agent.run("status", "--path.home", home.toString()), r -> !r.out().isBlank(),
                r -> r + "\n" + Waits.read(home.resolve("daemon.log")));
        return p;
    }

    /** The configuration the agent sent the fleet-server component, as the component recorded it (one line each). */
    private record ComponentConfig(List<Unit> units) {
    }

    private record Unit(String type, UnitConfig config) {
    }

    private record UnitConfig(Bootstrap bootstrap) {
    }

    private record Bootstrap(List<String> hosts, String protocol, Ssl ssl, String service_token) {
    }

    private record Ssl(String ca_trusted_fingerprint) {
    }

    /** The bootstrap block of the output unit in the first configuration the component received. */
    private static Bootstrap firstBootstrap(String recorded) throws Exception {
        ComponentConfig first = Json.read(recorded.lines().findFirst().orElseThrow().getBytes(), ComponentConfig.class);
        return first.units().stream().filter(u -> "output".equals(u.type())).findFirst().orElseThrow().config().bootstrap();
    }

    /** {@code status --output json} once {@code ok} accepts it. */
    private StatusJson awaitStatus(String what, Duration timeout, Predicate<StatusJson> ok) {
        return Waits.until(what, timeout, Duration.ofMillis(200), () -> {
            AgentProcess.Result r = agent.run("status", "--output", "json", "--path.home", home.toString());
            return r.out().isBlank() ? null : StatusJson.of(r);
        }, ok, last -> "last status " + last + "\n" + Waits.read(home.resolve("daemon.log")));
    }

    private StatusJson awaitFleetServerHealthy() {
        return awaitStatus("fleet-server HEALTHY", Duration.ofSeconds(60), s -> s.component("fleet-server") != null
                && s.component("fleet-server").state() == State.HEALTHY.number());
    }

    @Test
    void selfSignedWithoutARunningDaemon() throws Exception {
        AgentProcess.Result r = agent.run(bootstrapArgs());
        assertEnrolledIntoItsOwnFleetServer(r, "https");
        assertEquals("certificate", ((Map<?, ?>) fleetSection().get("ssl")).get("verification_mode"));
        assertTrue(r.out().contains("elastic-agent run"), "says how to start the agent: " + r);
        assertEquals(1, agent.run("status", "--path.home", home.toString()).exitCode(), "the spawned daemon was stopped");

        // started as the user is told to: the fleet-server component comes back HEALTHY with the agent's id. (This
        // stand-in Fleet Server keeps its agents in memory, where the real one keeps them in Elasticsearch, so a new
        // process does not know the agent's key; check-ins are proven in the mode where the server keeps running.)
        daemon = startDaemon();
        awaitFleetServerHealthy();
    }

    @Test
    void plainHttpWithADaemonAlreadyRunning() throws Exception {
        // the policy that Fleet hands out names an Elasticsearch nobody listens on
        startDaemonEnv.put("FLEET_SERVER_COMPONENT_ES_HOSTS", "http://127.0.0.1:" + freePort());
        daemon = startDaemon();
        AgentProcess.Result r = agent.run(bootstrapArgs("--fleet-server-insecure-http", "--insecure"));
        assertEnrolledIntoItsOwnFleetServer(r, "http");
        assertTrue(daemon.isAlive(), "a daemon that was running keeps running");
        awaitFleetServerHealthy();
        // as the real server: the policy output failed its check, so the bootstrap connection is used instead (logged
        // when the policy arrives, which may be after HEALTHY)
        awaitDaemonLog("Failed Elasticsearch output configuration test, using bootstrap values.",
                "(the bootstrap values; Elasticsearch 9.6.0)");
        awaitStatus("the agent checks in with its own Fleet Server", Duration.ofSeconds(30),
                s -> s.FleetState() == State.HEALTHY.number());
    }

    /** Bootstraps with a Fleet Server certificate from a new PKI, asserts the enrollment; returns the certificate. */
    private Path enrollWithCustomCertificates() throws Exception {
        TestPki pki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        Path ca = pki.rootCa().writeCertificate(home.resolve("ca.pem"));
        Path cert = pki.server().writeChain(home.resolve("fs.pem"));
        Path key = pki.server().writeKey(home.resolve("fs.key"), KeyFormat.PKCS8);
        AgentProcess.Result r = agent.run(bootstrapArgs("--fleet-server-cert", cert.toString(), "--fleet-server-cert-key", key.toString(),
                "-a", ca.toString(), "--url", "https://localhost:" + port));
        assertEnrolledIntoItsOwnFleetServer(r, "https");
        return cert;
    }

    @Test
    void customCertificates() throws Exception {
        Path cert = enrollWithCustomCertificates();
        Map<?, ?> ssl = (Map<?, ?>) ((Map<?, ?>) fleetSection().get("server")).get("ssl");
        assertEquals(cert.toString(), ssl.get("certificate"));
    }

    @Test
    void selfSignedWithADaemonAlreadyRunning() throws Exception {
        daemon = startDaemon();
        assertEnrolledIntoItsOwnFleetServer(agent.run(bootstrapArgs()), "https");
        assertTrue(daemon.isAlive());
        awaitFleetServerHealthy();
    }

    @Test
    void plainHttpWithoutARunningDaemon() throws Exception {
        AgentProcess.Result r = agent.run(bootstrapArgs("--fleet-server-insecure-http", "--insecure"));
        assertEnrolledIntoItsOwnFleetServer(r, "http");
        assertEquals(1, agent.run("status", "--path.home", home.toString()).exitCode(), "the spawned daemon was stopped");
    }

    @Test
    void customCertificatesWithADaemonAlreadyRunning() throws Exception {
        daemon = startDaemon();
        enrollWithCustomCertificates();
        awaitFleetServerHealthy();
    }

    @Test
    void aFleetServerThatNeverBecomesReadyTimesOutWithTheBlockingStep() throws Exception {
        agent.env("FLEET_SERVER_COMPONENT_DELAY_MS", "120000");
        List<String> args = bootstrapArgs();
        args.set(args.indexOf("60s"), "4s");
        AgentProcess.Result r = agent.run(args);
        assertEquals(7, r.exitCode(), r.toString());
        assertTrue(r.err().contains("waiting for Fleet Server to start"), r.toString());
        assertTrue(lastLine(r).endsWith("; the configuration it wrote was removed"), "says what it left: " + r);
        assertHostAsBefore(null, false);
    }

    @Test
    void aCrashingFleetServerStopsTheBootstrapWithItsLastLogLines() throws Exception {
        String standalone = "# a standalone agent's own configuration\noutputs:\n  default:\n    type: elasticsearch\n";
        Files.writeString(home.resolve("elastic-agent.yml"), standalone);
        agent.env("FLEET_SERVER_COMPONENT_CRASH", "1");
        boolean vaultBefore = Files.exists(home.resolve("vault"));
        AgentProcess.Result r = agent.timeout(Duration.ofSeconds(90)).run(bootstrapArgs());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("fleet-server component failed"), r.toString());
        assertTrue(r.err().contains("exited with code 2"), r.toString());
        assertTrue(r.err().contains("; fleet.enc and elastic-agent.yml were put back as they were"), "says what it left: " + r);
        assertHostAsBefore(standalone, vaultBefore);
    }

    @Test
    void aFailedBootstrapPutsARunningDaemonBackOnItsOwnConfiguration() throws Exception {
        String standalone = "# a standalone agent's own configuration\nagent:\n  logging:\n    level: info\n";
        Files.writeString(home.resolve("elastic-agent.yml"), standalone);
        daemon = startDaemon();
        boolean vaultBefore = Files.exists(home.resolve("vault"));
        agent.env("FLEET_ENROLLMENT_TOKEN", "ZmxlZXQtZW5yb2xsOnN0YWxlLXRva2VuLW9mLWFub3RoZXItZmxlZXQ=");
        AgentProcess.Result r = agent.run(bootstrapArgs("--fleet-server-insecure-http", "--insecure"));
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(lastLine(r).endsWith("; fleet.enc and elastic-agent.yml were put back as they were, and the running daemon was"
                + " restarted with them"), "says what it left: " + r);
        assertHostAsBefore(standalone, vaultBefore);
        assertTrue(daemon.isAlive(), "the daemon keeps running");
        // back on its standalone configuration: no Fleet Server any more
        awaitStatus("the daemon stops running Fleet Server after the failed bootstrap", Duration.ofSeconds(30),
                s -> s.component("fleet-server") == null);
    }

    /** The daemon's log once it holds every one of {@code lines} (at most 30 s). */
    private String awaitDaemonLog(String... lines) {
        Path log = home.resolve("daemon.log");
        return Waits.until("the daemon's log shows " + java.util.Arrays.toString(lines), Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> Waits.read(log), text -> java.util.Arrays.stream(lines).allMatch(text::contains), text -> "the log:\n" + text);
    }

    private static String lastLine(AgentProcess.Result r) {
        return r.err().strip().lines().reduce((a, b) -> b).orElse("");
    }

    /** No enrollment, no backup left, the vault and elastic-agent.yml as they were (null: there was none). */
    private void assertHostAsBefore(String elasticAgentYml, boolean vaultBefore) throws Exception {
        assertFalse(Files.exists(home.resolve("fleet.enc")), "fleet.enc removed");
        assertEquals(vaultBefore, Files.exists(home.resolve("vault")), "the vault as it was");
        if (elasticAgentYml == null) {
            assertFalse(Files.exists(home.resolve("elastic-agent.yml")), "elastic-agent.yml removed");
        } else {
            assertEquals(elasticAgentYml, Files.readString(home.resolve("elastic-agent.yml")), "elastic-agent.yml as it was");
        }
        try (var files = Files.list(home)) {
            List<Path> backups = files.filter(f -> f.getFileName().toString().endsWith(".bak")).toList();
            assertTrue(backups.isEmpty(), "no backup left: " + backups);
        }
    }

    @Test
    void anElasticsearchThatComesUpLateIsWaitedForWithTheRealErrorShown() throws Exception {
        // docker compose starts everything at once: Elasticsearch is not listening yet when the bootstrap begins
        es.close();
        int esPort = freePort();
        List<String> args = bootstrapArgs("--fleet-server-insecure-http", "--insecure");
        args.set(args.indexOf("--fleet-server-es") + 1, "http://localhost:" + esPort);
        Path log = Files.createTempFile("bootstrap-late-es", ".log");
        Process p = agent.start(log, args.toArray(String[]::new));
        try {
            // Elasticsearch comes up once the bootstrap has shown that fleet-server could not reach it
            Waits.awaitLine(log, l -> l.contains("FAILED - Error - failed version compatibility check with elasticsearch: http://localhost:" + esPort),
                    Duration.ofSeconds(60));
            es = new FakeElasticsearch().serviceToken(SERVICE_TOKEN).start(esPort);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the bootstrap did not end: " + Waits.read(log));
        } finally {
            p.destroyForcibly();
        }
        String out = Waits.read(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("fleet-server retries by itself"), out);
        assertTrue(out.contains("Successfully enrolled"), out);
    }

    @Test
    void aServiceTokenThatElasticsearchRejectsIsNamedWhenTheWaitEnds() throws Exception {
        List<String> args = bootstrapArgs();
        args.set(args.indexOf(SERVICE_TOKEN), "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3dyb25nOnRva2Vu");
        args.set(args.indexOf("60s"), "6s");
        AgentProcess.Result r = agent.run(args);
        assertEquals(7, r.exitCode(), r.toString());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("timed out after 6s waiting for Fleet Server to start; last state: FAILED")
                && last.contains("status 401 (unable to authenticate"), "the last line names the cause: " + r);
        assertTrue(es.requests().stream().noneMatch(FakeElasticsearch.Request::authorized), es.requests().toString());
    }

    @Test
    void severalElasticsearchNodesAllReachFleetServerWhichUsesOneThatAnswers() throws Exception {
        // the first node is down; the original took one URL, and its Fleet Server stayed unhealthy while that node was
        int down = freePort();
        List<String> args = bootstrapArgs("--fleet-server-insecure-http", "--insecure");
        args.set(args.indexOf(es.url()), "https://localhost:" + down + "," + es.url());
        AgentProcess.Result r = agent.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Successfully enrolled"), r.toString());
        Bootstrap bootstrap = firstBootstrap(Files.readString(record));
        assertEquals(List.of("localhost:" + down, "localhost:" + es.port()), bootstrap.hosts(), "both nodes, in order: " + bootstrap);
        assertTrue(es.requests().stream().anyMatch(FakeElasticsearch.Request::authorized),
                "Fleet Server reached the node that is up: " + es.requests());
    }

    @Test
    void anEnrollmentTokenLeftInTheEnvironmentThatTheLocalFleetServerRefusesIsNamedAsTheCause() throws Exception {
        // the operator's shell still exports the token of another Fleet: it stands for --enrollment-token, as
        // documented, and replaces the token Fleet Server makes; the bootstrap must say so rather than blame Kibana
        String stale = "ZmxlZXQtZW5yb2xsOnN0YWxlLXRva2VuLW9mLWFub3RoZXItZmxlZXQ=";
        agent.env("FLEET_ENROLLMENT_TOKEN", stale);
        AgentProcess.Result r = agent.run(bootstrapArgs("--fleet-server-insecure-http", "--insecure"));
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("with the enrollment token given to this command, not the one Fleet Server made"), r.toString());
        String last = lastLine(r);
        assertTrue(last.contains("the local Fleet Server refused the enrollment token given to this command")
                && last.contains("FLEET_ENROLLMENT_TOKEN") && last.contains("leave it out"), "the last line names cause and fix: " + r);
        assertFalse(r.err().contains(stale) || r.out().contains(stale), "the token never shows: " + r);
        assertEquals(1, agent.run("status", "--path.home", home.toString()).exitCode(), "the spawned daemon was stopped");

        // without it, the same command enrolls with Fleet Server's own token
        agent.env("FLEET_ENROLLMENT_TOKEN", "");
        assertEnrolledIntoItsOwnFleetServer(agent.run(bootstrapArgs("--fleet-server-insecure-http", "--insecure")), "http");
    }

    @Test
    void plainHttpWithoutInsecureIsAcceptedAsTheRealAgentAcceptsIt() throws Exception {
        // the real agent sets --insecure itself for a plain-HTTP Fleet Server without certificates (prepareFleetTLS)
        AgentProcess.Result r = agent.run(bootstrapArgs("--fleet-server-insecure-http"));
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("Warning: --fleet-server-insecure-http implies --insecure")).count(),
                r.toString());
        assertEnrolledIntoItsOwnFleetServer(r, "http");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
