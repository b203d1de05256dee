package org.fleetagent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.fleetagent.component.Policy;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.tls.Pem;
import org.fleetagent.tls.SelfSignedAuthority;
import org.fleetagent.tls.ServerContexts;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hops after Fleet: each Elasticsearch output of the policy and its artifact source, on loopback servers. */
class PolicyHopsTest {
    private static final Duration CONNECT = Duration.ofSeconds(2);

    private final List<MockWebServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(MockWebServer::close);
    }

    private MockWebServer answering(int code, String body) throws Exception {
        MockWebServer s = new MockWebServer();
        s.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
            }
        });
        s.start();
        servers.add(s);
        return s;
    }

    private DoctorReport check(PolicyTargets after) throws Exception {
        MockWebServer fleet = answering(200, "{\"name\":\"fleet-server\",\"status\":\"HEALTHY\"}");
        TransportSettings direct = new TransportSettings(TlsSettings.defaults(), new ProxySettings(null, Map.of(), true, null), CONNECT, CONNECT);
        return new Doctor(Map.of(), Clock.systemUTC()).check(new DoctorRequest(fleet.url("/").uri(), direct, Map.of(), "test"), after);
    }

    private static Policy policy(String esHost, String source) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "p1");
        doc.put("revision", 4);
        doc.put("outputs", Map.of("default", Map.of("type", "elasticsearch", "hosts", List.of(esHost), "proxy_disable", true),
                "ls", Map.of("type", "logstash", "hosts", List.of("ls:5044"))));
        doc.put("agent", Map.of("download", Map.of("sourceURI", source, "proxy_disable", true)));
        return Policy.of(doc);
    }

    private static Hop hop(DoctorReport r, String name) {
        return r.hops().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + r.hops()));
    }

    @Test
    void elasticsearchAnswering401AndAReachableSourcePassAfterFleet() throws Exception {
        MockWebServer es = answering(401, "{\"error\":{\"type\":\"security_exception\"}}");
        MockWebServer artifacts = answering(200, "");
        DoctorReport r = check(PolicyTargets.of(policy("127.0.0.1:" + es.getPort(), artifacts.url("/downloads/").toString()), Map.of(), CONNECT));
        assertEquals(ExitCode.OK, r.exitCode(), r.hops().toString());
        assertEquals("p1 revision 4 (the last applied)", r.policy());
        assertTrue(hop(r, "output.default/http").detail().contains("answered 401: the host answered as Elasticsearch"), r.hops().toString());
        assertEquals(Hop.Outcome.SKIPPED, hop(r, "output.default/tls").outcome());
        assertEquals("direct connection (no proxy configured or from the environment)", hop(r, "output.default/proxy").detail());
        assertTrue(hop(r, "output.ls").detail().contains("type logstash"), r.hops().toString());
        assertTrue(hop(r, "downloads/head").detail().startsWith("HEAD " + artifacts.url("/downloads/") + " answered 200"), r.hops().toString());
        assertEquals("HEAD", artifacts.takeRequest().getMethod());
        assertEquals("GET", es.takeRequest().getMethod());
    }

    @Test
    void anOutputOnAClosedPortFailsItsTcpHopAndTheRestIsNotChecked() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DoctorReport r = check(PolicyTargets.of(policy("http://127.0.0.1:" + port, "http://127.0.0.1:1/"), Map.of(), CONNECT));
        assertEquals(ExitCode.UNREACHABLE, r.exitCode());
        Hop tcp = hop(r, "output.default/tcp");
        assertTrue(tcp.failed() && tcp.detail().contains("(the Elasticsearch output default) refused"), tcp.toString());
        assertTrue(tcp.fix().contains("listens on port " + port), tcp.fix());
        assertEquals(Hop.Outcome.SKIPPED, hop(r, "output.default/http").outcome());
        assertEquals("not checked: an earlier hop failed", hop(r, "downloads").detail());
        assertEquals(ExitCode.OK, hop(r, "fleet").code(), "Fleet itself passed");
    }

    @Test
    void elasticsearchAnsweringAServerErrorFailsTheHttpHop() throws Exception {
        MockWebServer es = answering(503, "");
        MockWebServer artifacts = answering(404, "");
        DoctorReport r = check(PolicyTargets.of(policy(es.url("/").toString(), artifacts.url("/").toString()), Map.of(), CONNECT));
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertTrue(hop(r, "output.default/http").detail().endsWith("answered HTTP 503"), r.hops().toString());
    }

    @Test
    void beforeEnrollingTheDestinationsAreOneSkippedLineEach() throws Exception {
        DoctorReport r = check(PolicyTargets.notEnrolled());
        assertEquals(ExitCode.OK, r.exitCode());
        assertEquals("skipped: not enrolled, no policy yet", hop(r, "output").detail());
        assertEquals("skipped: not enrolled, no policy yet", hop(r, "downloads").detail());
    }

    @Test
    void unusableSettingsAreNamedAndTheDefaultSourceApplies() {
        Map<String, Object> doc = Map.of("outputs", Map.of("default", Map.of("type", "elasticsearch", "hosts", List.of("es"),
                "ssl", Map.of("verification_mode", "sometimes"))));
        PolicyTargets t = PolicyTargets.of(Policy.of(doc), Map.of(), CONNECT);
        Hop bad = t.targets().getFirst().skip();
        assertTrue(bad.failed() && bad.name().equals("output.default/settings") && bad.detail().contains("verification mode must be"), bad.toString());
        assertEquals(URI.create("https://artifacts.elastic.co/downloads/"), t.targets().getLast().url());
        assertEquals(URI.create("https://staging.example/d/"), PolicyTargets.of(Policy.of(Map.of()), Map.of("sourceURI", "https://staging.example/d/"),
                CONNECT).targets().getLast().url());
    }

    @Test
    void caTrustedFingerprintMakesTheCaOfTheChainTrustedAndWithoutItTheTlsHopNamesThePolicySetting() throws Exception {
        SelfSignedAuthority a = SelfSignedAuthority.create("localhost");
        X509Certificate ca = Pem.certificates(a.caPem(), "ca").getFirst();
        MockWebServer tlsEs = new MockWebServer();
        servers.add(tlsEs);
        tlsEs.useHttps(ServerContexts.of(a, true).getSocketFactory());
        tlsEs.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(401).build();
            }
        });
        tlsEs.start();
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded()));
        String host = "https://localhost:" + tlsEs.getPort();
        Map<String, Object> output = new LinkedHashMap<>(Map.of("type", "elasticsearch", "hosts", List.of(host), "proxy_disable", true));
        MockWebServer artifacts = answering(200, "");
        Map<String, Object> download = Map.of("sourceURI", artifacts.url("/").toString(), "proxy_disable", true);

        DoctorReport untrusted = check(PolicyTargets.of(Policy.of(Map.of("outputs", Map.of("default", output), "agent", Map.of("download", download))),
                Map.of(), CONNECT));
        Hop tls = hop(untrusted, "output.default/tls");
        assertEquals(ExitCode.TLS, untrusted.exitCode(), untrusted.hops().toString());
        assertTrue(tls.failed() && tls.detail().startsWith("no CA in the system trust store verifies"), tls.toString());
        assertTrue(tls.fix().contains("outputs.default.ssl.certificate_authorities"), tls.fix());

        output.put("ca_trusted_fingerprint", fingerprint);
        DoctorReport pinned = check(PolicyTargets.of(Policy.of(Map.of("outputs", Map.of("default", output), "agent", Map.of("download", download))),
                Map.of(), CONNECT));
        assertEquals(ExitCode.OK, pinned.exitCode(), pinned.hops().toString());
        assertTrue(hop(pinned, "output.default/tls").detail().contains("verified by its ca_trusted_fingerprint"), pinned.hops().toString());
        assertTrue(hop(pinned, "output.default/http").detail().contains("answered 401"), pinned.hops().toString());
    }

    @Test
    void outputHostsTakeHttpAndPort9200ByDefault() {
        assertEquals("http://es.example:9200", PolicyTargets.esUrl("es.example"));
        assertEquals("http://es.example:9201", PolicyTargets.esUrl("es.example:9201"));
        assertEquals("https://es.example:9200/prefix", PolicyTargets.esUrl("https://es.example/prefix"));
    }
}
