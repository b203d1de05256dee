package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.elasticsearch.FakeElasticsearch;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleet.ServerState;
import org.fleetagent.fixtures.http.StubServers;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.proxy.SocksProxy;
import org.fleetagent.fixtures.proxy.SquidProxy;
import org.fleetagent.fixtures.proxy.StunnelProxy;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elastic-agent doctor} run as a process against the dev Fleet Server, real squid, a SOCKS proxy and a TLS
 * gateway demanding client certificates: each broken set-up is named by its hop, with a fix and the hop's exit code,
 * within 2 s plus the connect timeout. Once enrolled, the policy's Elasticsearch output and artifact source follow.
 */
class DoctorIT {
    /** Resolves (hosts file) but is not in the server certificate. */
    private static final String OTHER_NAME = "other.e2e.test";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The answer's budget once the process runs: 2 s plus the connect timeout. */
    private static final Duration BUDGET = Duration.ofSeconds(2).plus(CONNECT_TIMEOUT);
    private static final java.util.regex.Pattern HOP_TIME = java.util.regex.Pattern.compile("^\\S+\\s+(?:ok|FAILED)\\s+(\\d+) ms");

    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private NamedFleet named;

    @BeforeEach
    void start() throws Exception {
        named = NamedFleet.in(dir, agent, OTHER_NAME);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private FleetServerFixture fleet(TestPki p, ClientAuth auth) {
        FleetServerFixture f = NamedFleet.start(p, auth);
        closing.add(f::close);
        return f;
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private AgentProcess.Result doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("doctor", "--connect-timeout", CONNECT_TIMEOUT.toSeconds() + "s",
                "--path.home", dir.resolve("home").toString()));
        all.addAll(List.of(args));
        AgentProcess.Result r = agent.run(all);
        long ms = r.out().lines().map(HOP_TIME::matcher).filter(java.util.regex.Matcher::find).mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertTrue(ms < BUDGET.toMillis(), "the hops took " + ms + " ms: " + r);
        return r;
    }

    /** The failing hop's table line, its fix, the one error line and the exit code. */
    private static void assertFails(AgentProcess.Result r, int code, String hop, String detail, String fix) {
        assertEquals(code, r.exitCode(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(hop + " ") && l.contains("FAILED") && l.contains(detail)), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("fix: ") && l.contains(fix)), r.toString());
        assertTrue(r.err().startsWith("Error: " + hop + ": "), r.toString());
        assertEquals(1, r.err().lines().count(), "one error line: " + r);
    }

    @Test
    void aHealthyPathPassesEveryHopAndShowsTheDaysLeft() {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("GET /api/status: HEALTHY"), r.toString());
        assertTrue(r.out().contains("verified by the CA \"" + named.pki().rootCa().certificate().getSubjectX500Principal().getName()), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Fleet Server certificate")), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Fleet CA")), r.toString());
        assertTrue(r.out().matches("(?s).*expires \\S+, \\d+ days left.*"), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("output ") && l.endsWith("skipped: not enrolled, no policy yet")), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("downloads ") && l.endsWith("skipped: not enrolled, no policy yet")), r.toString());
    }

    @Test
    void anEnrolledAgentChecksThePolicysOutputAndArtifactSourceAfterFleet() throws Exception {
        // Elasticsearch without the output's credentials answers 401; the artifact source is a loopback HTTPS server
        FakeElasticsearch es = closeLater(new FakeElasticsearch().serviceToken("only-fleet-server-has-it").tls(SslContexts.server(named.pki())).start());
        HttpServer artifacts = StubServers.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SslContexts.server(named.pki()), ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        closing.add(() -> StubServers.stop(artifacts));
        FleetServerFixture fleet = closeLater(QuickFleet.start());
        Path home = dir.resolve("home");
        QuickFleet.enroll(agent, fleet, home);
        Process daemon = agent.start(home.resolve("daemon.log"), "run", "-e", "--path.home", home.toString());
        closing.add(() -> Teardown.stop(daemon));

        Map<String, Object> policy = fleet.currentPolicy();
        policy.put("outputs", Map.of("default", Map.of("type", "elasticsearch", "hosts", List.of("https://127.0.0.1:" + es.port()),
                "ssl", Map.of("certificate_authorities", List.of(named.ca().toString())))));
        Map<String, Object> agentSection = new LinkedHashMap<>(YamlCodec.asMap(policy.get("agent")).orElse(Map.of()));
        String source = "https://127.0.0.1:" + artifacts.getAddress().getPort() + "/downloads/";
        agentSection.put("download", Map.of("sourceURI", source, "ssl", Map.of("certificate_authorities", List.of(named.ca().toString()))));
        policy.put("agent", agentSection);
        awaitApplied(home, fleet.publishPolicy(policy));
        AgentProcess.Result ok = doctor();
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().lines().anyMatch(l -> l.startsWith("output.default/tls ") && l.contains(" ok ")), ok.toString());
        assertTrue(ok.out().lines().anyMatch(l -> l.startsWith("output.default/http ") && l.contains(" ok ")
                && l.contains("answered 401: the host answered as Elasticsearch")), ok.toString());
        assertTrue(ok.out().lines().anyMatch(l -> l.startsWith("downloads/head ") && l.contains("HEAD " + source + " answered 200")), ok.toString());
        assertTrue(es.requests().stream().anyMatch(q -> q.method().equals("GET") && q.path().equals("/") && !q.authorized()), es.requests().toString());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, Object> broken = fleet.currentPolicy();
        broken.put("outputs", Map.of("default", Map.of("type", "elasticsearch", "hosts", List.of("https://127.0.0.1:" + closed))));
        awaitApplied(home, fleet.publishPolicy(broken));
        AgentProcess.Result r = doctor();
        assertFails(r, 3, "output.default/tcp", "(the Elasticsearch output default) refused", "listens on port " + closed);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("downloads ") && l.endsWith("not checked: an earlier hop failed")), r.toString());
        AgentProcess.Result json = doctor("--output", "json");
        assertTrue(json.out().contains("\"name\":\"output.default/tcp\",\"result\":\"failed\""), json.toString());
        assertTrue(json.out().contains("\"exit_code\":3"), json.toString());
    }

    /** Waits until doctor reads the policy revision the daemon applied last. */
    private void awaitApplied(Path home, long revision) {
        Waits.until("doctor reads policy revision " + revision, Duration.ofSeconds(30), Duration.ofMillis(300),
                () -> agent.run("doctor", "--output", "json", "--path.home", home.toString()),
                r -> r.out().contains("revision " + revision + " (the last applied)"),
                last -> "last: " + last + "\ndaemon log:\n" + Waits.read(home.resolve("daemon.log")));
    }

    @Test
    void anUnknownHostIsTheDnsHop() {
        AgentProcess.Result r = doctor("--url", "https://nowhere.e2e.test:8220", "-a", named.ca().toString());
        assertFails(r, 3, "dns", "cannot resolve nowhere.e2e.test", "check the host name in --url");
    }

    @Test
    void aClosedPortIsTheTcpHop() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AgentProcess.Result r = doctor("--url", "https://" + NamedFleet.NAME + ":" + port, "-a", named.ca().toString());
        assertFails(r, 3, "tcp", "refused", "listens on port " + port);
    }

    @Test
    void anUnknownCaIsTheTlsHopAndPrintPinGivesThePinThatFixesIt() throws Exception {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f));
        assertFails(r, 4, "tls", "no CA in the system trust store verifies the chain", "--certificate-authorities");

        AgentProcess.Result pin = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--print-pin");
        assertEquals(0, pin.exitCode(), pin.toString());
        byte[] spki = MessageDigest.getInstance("SHA-256").digest(named.pki().rootCa().certificate().getPublicKey().getEncoded());
        assertTrue(pin.out().contains(Base64.getEncoder().encodeToString(spki)), pin.toString());
        String hex = HexFormat.of().formatHex(spki);
        assertTrue(pin.out().contains(hex), pin.toString());

        AgentProcess.Result pinned = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--ca-sha256", "sha256:" + hex);
        assertEquals(0, pinned.exitCode(), pinned.toString());
        assertTrue(pinned.out().contains("a ca_sha256 pin matches"), pinned.toString());
    }

    @Test
    void aNameTheCertificateDoesNotHoldIsTheTlsHop() {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        AgentProcess.Result r = doctor("--url", "https://" + OTHER_NAME + ":" + f.port(), "-a", named.ca().toString());
        assertFails(r, 4, "tls", "is not valid for the name " + OTHER_NAME, "use a name the certificate holds");
        assertTrue(r.out().contains(NamedFleet.NAME), "names the names it holds: " + r);
    }

    @Test
    void aPinMatchingNoCertificateIsTheTlsHop() {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--ca-sha256", wrong);
        assertFails(r, 4, "tls", "none of the ca_sha256 pins", "--print-pin");
    }

    @Test
    void anExpiredServerCertificateIsTheTlsHop() throws Exception {
        TestPki expired = TestPki.builder().serverDnsNames("localhost", NamedFleet.NAME).expiredServer().build();
        Path expiredCa = expired.rootCa().writeCertificate(dir.resolve("expired-ca.pem"));
        FleetServerFixture f = fleet(expired, ClientAuth.NONE);
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", expiredCa.toString());
        assertFails(r, 4, "tls", "expired on", "renew the Fleet Server's certificate");
        assertTrue(r.out().contains("EXPIRED"), r.toString());
    }

    @Test
    void fleetAnswering503IsTheFleetHop() {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        f.serverState(ServerState.DEGRADED);
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--output", "json");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("\"exit_code\":1"), r.toString());
        assertTrue(r.out().contains("\"name\":\"fleet\",\"result\":\"failed\""), r.toString());
        assertTrue(r.out().contains("503: its status is DEGRADED"), r.toString());
    }

    @Test
    void proxyAuthenticationRequiredAndForbiddenAreTheProxyHop() {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        SquidProxy authed = closeLater(SquidProxy.start(List.of("X-Trace"), "agent:s3cret", named.hosts()));
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--proxy-url", authed.url());
        assertFails(r, 3, "proxy", "407 Proxy Authentication Required", "http://user:password@proxy:port");

        AgentProcess.Result ok = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--proxy-url", "http://agent:s3cret@127.0.0.1:" + authed.port(),
                "--proxy-header", "X-Trace=doctor");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(!ok.all().contains("s3cret"), "credentials are not printed");
        authed.awaitLogLine("X-Trace=\"doctor\"", Duration.ofSeconds(10));

        SquidProxy denying = closeLater(SquidProxy.start(List.of(), null, named.hosts(), List.of(NamedFleet.NAME)));
        AgentProcess.Result forbidden = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--proxy-url", denying.url());
        assertFails(forbidden, 3, "proxy", "403 Forbidden", "ask its administrator to allow CONNECT to " + NamedFleet.NAME);
    }

    @Test
    void aSocks5UrlPointedAtAnHttpProxyIsTheProxyHop() {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        SquidProxy squid = closeLater(SquidProxy.start(List.of(), null, named.hosts()));
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--proxy-url", "socks5://127.0.0.1:" + squid.port());
        assertFails(r, 3, "proxy", "is not a SOCKS5 proxy", "http://");

        SocksProxy socks = closeLater(SocksProxy.start());
        AgentProcess.Result ok = doctor("--url", "https://localhost:" + f.port(), "-a", named.ca().toString(), "--proxy-url", socks.url());
        assertEquals(0, ok.exitCode(), ok.toString());
    }

    @Test
    void aClientCertificateRefusedByFleetIsTheClientCertificateHop() throws Exception {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.REQUIRED);
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString());
        assertFails(r, 4, "client-certificate", "client certificate", "--elastic-agent-cert");

        Path cert = named.pki().client().writeChain(dir.resolve("client.pem"));
        Path key = named.pki().client().writeKey(dir.resolve("client.key"), KeyFormat.PKCS8);
        AgentProcess.Result ok = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--elastic-agent-cert", cert.toString(),
                "--elastic-agent-cert-key", key.toString());
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().lines().anyMatch(l -> l.startsWith("client certificate ")), "shows the client certificate's expiry: " + ok);
    }

    @Test
    void aClientCertificateRefusedByTheProxyNamesTheProxy() throws Exception {
        FleetServerFixture f = fleet(named.pki(), ClientAuth.NONE);
        Path gwCert = named.pki().server().writeChain(dir.resolve("gw.pem"));
        Path gwKey = named.pki().server().writeKey(dir.resolve("gw.key"), KeyFormat.PKCS8);
        SquidProxy squid = closeLater(SquidProxy.start(List.of(), null, named.hosts()));
        StunnelProxy gateway = closeLater(StunnelProxy.start(gwCert, gwKey, named.ca(), squid.port()));
        AgentProcess.Result r = doctor("--url", NamedFleet.url(f), "-a", named.ca().toString(), "--proxy-url", gateway.url());
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("Error: client-certificate: the proxy " + gateway.url()), r.toString());
        assertTrue(r.out().contains("--proxy-cert"), r.toString());
    }
}
