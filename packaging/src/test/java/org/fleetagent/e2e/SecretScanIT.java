package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.elasticsearch.FakeElasticsearch;
import org.fleetagent.fixtures.fleetserver.FleetServerComponentMain;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.proxy.SquidProxy;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary secrets handed to the agent as a user would (enrollment token, proxy password in the proxy URL, a proxy
 * header, the client key's passphrase) must not appear in any output, log, file under the home, or the arguments and
 * environment of the agent or any process it starts while its daemon runs.
 */
class SecretScanIT {
    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    private NamedFleet named;
    private FleetServerFixture fleet;
    private Process daemon;

    @BeforeEach
    void start() throws Exception {
        named = NamedFleet.in(dir, agent);
    }

    @AfterEach
    void stop() throws Exception {
        Teardown.stop(daemon, fleet);
    }

    private static String canary(String what) {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return "canary" + what + HexFormat.of().formatHex(b);
    }

    @Test
    void enrollThroughAnAuthenticatedProxyWithAnEncryptedKeyThenRunStatusInspect() throws Exception {
        TestPki pki = named.pki();
        fleet = NamedFleet.start(pki, ClientAuth.REQUIRED);
        String passphrase = canary("Pass");
        String proxyPassword = canary("Proxy");
        String proxyHeader = canary("Header");
        Path cert = pki.client().writeChain(dir.resolve("agent.crt"));
        Path key = pki.client().writeKey(dir.resolve("agent.key"), KeyFormat.ENCRYPTED_PKCS8, passphrase.toCharArray());
        Path passFile = Files.writeString(dir.resolve("agent.pass"), passphrase);
        Path home = dir.resolve("home");
        SecretScan scan = new SecretScan().canary("enrollment token", fleet.enrollmentToken())
                .canary("key passphrase", passphrase).canary("proxy password", proxyPassword).canary("proxy header", proxyHeader);

        try (SquidProxy squid = SquidProxy.start(List.of("X-Canary"), "agent:" + proxyPassword, named.hosts())) {
            String proxyUrl = "http://agent:" + proxyPassword + "@127.0.0.1:" + squid.port();
            AgentProcess.Result enroll = agent.run("enroll", "--url", NamedFleet.url(fleet),
                    "-t", fleet.enrollmentToken(), "-a", named.ca().toString(), "--elastic-agent-cert", cert.toString(),
                    "--elastic-agent-cert-key", key.toString(), "--elastic-agent-cert-key-passphrase", passFile.toString(),
                    "--proxy-url", proxyUrl, "--proxy-header", "X-Canary=" + proxyHeader, "--path.home", home.toString());
            assertEquals(0, enroll.exitCode(), enroll.toString());
            scan.output("enroll", enroll.all());

            Path daemonLog = dir.resolve("daemon.out");
            daemon = agent.start(daemonLog, "run", "--path.home", home.toString());
            String agentId = fleet.agents().get(0).id();
            fleet.awaitCheckins(agentId, 1, Duration.ofSeconds(60));
            // sampled several times while it runs: components start and restart after the first check-in
            AtomicInteger samples = new AtomicInteger();
            Waits.until("the daemon's processes sampled", Duration.ofSeconds(30), Duration.ofMillis(300),
                    () -> {
                        scan.processes(daemon.toHandle());
                        return samples.incrementAndGet();
                    }, n -> n >= 8, n -> "sampled " + n);
            scanCommands(scan, home, List.of(List.of("status"), List.of("status", "--output", "json"), List.of("status", "--output", "full"),
                    List.of("inspect"), List.of("inspect", "--variables"), List.of("inspect", "components")));
            stopDaemonAndScanItsOutput(scan, daemonLog);
        }
        assertNothingFound(scan, home);
    }

    @Test
    void bootstrapAFleetServerThenRunItsDaemonStatusInspect() throws Exception {
        // a service token's shape (elastic/fleet-server/...) with a random tail
        String serviceToken = "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rlc3Q6" + canary("Svc");
        Path home = dir.resolve("home");
        FleetServerComponentMain.writeLauncher(Files.createDirectories(home.resolve("components")).resolve("fleet-server"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SecretScan scan = new SecretScan().canary("service token", serviceToken);
        try (FakeElasticsearch es = new FakeElasticsearch().serviceToken(serviceToken).start()) {
            AgentProcess.Result enroll = agent.run("enroll", "--fleet-server-es", es.url(), "--fleet-server-service-token", serviceToken,
                    "--fleet-server-port", String.valueOf(port), "--fleet-server-timeout", "60s", "--path.home", home.toString());
            assertEquals(0, enroll.exitCode(), enroll.toString());
            scan.output("enroll (bootstrap)", enroll.all());

            Path daemonLog = dir.resolve("daemon.out");
            daemon = agent.start(daemonLog, "run", "--path.home", home.toString());
            // the fleet-server component runs under the daemon: sample both until it is there, and a few times more
            AtomicInteger withComponent = new AtomicInteger();
            Waits.until("the daemon and its fleet-server component sampled", Duration.ofSeconds(60), Duration.ofMillis(300),
                    () -> {
                        scan.processes(daemon.toHandle());
                        return daemon.toHandle().descendants().findAny().isPresent() ? withComponent.incrementAndGet() : withComponent.get();
                    }, n -> n >= 5, n -> "samples with the component: " + n + "\n" + Waits.read(daemonLog));
            scanCommands(scan, home, List.of(List.of("status", "--output", "full"), List.of("inspect"), List.of("inspect", "components")));
            stopDaemonAndScanItsOutput(scan, daemonLog);
        }
        assertNothingFound(scan, home);
    }

    /** Runs each command against the home and scans what it printed. */
    private void scanCommands(SecretScan scan, Path home, List<List<String>> commands) {
        for (List<String> args : commands) {
            List<String> cmd = new java.util.ArrayList<>(args);
            cmd.addAll(List.of("--path.home", home.toString()));
            scan.output(String.join(" ", args), agent.run(cmd).all());
        }
    }

    /** Stops the daemon as a service manager would, then scans all it logged. */
    private void stopDaemonAndScanItsOutput(SecretScan scan, Path daemonLog) throws Exception {
        Teardown.stop(daemon);
        scan.output("daemon output", Files.readString(daemonLog));
    }

    /** Scans every file left under the home, then fails with the findings, if any. */
    private static void assertNothingFound(SecretScan scan, Path home) throws Exception {
        scan.files(home, Set.of());
        System.out.println("secret scan: " + scan.summary());
        assertEquals(List.of(), scan.findings(), scan.summary());
    }
}
