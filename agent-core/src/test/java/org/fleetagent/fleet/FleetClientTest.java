package org.fleetagent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.fleetagent.version.AgentVersion;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetClientTest {
    private static final String ENROLL_OK = """
            {"action":"created","item":{"id":"agent-1","active":true,"policy_id":"policy-1","type":"PERMANENT",
             "enrolled_at":"2026-11-22T10:00:00Z","access_api_key_id":"key-1","access_api_key":"a2V5LTE6c2VjcmV0",
             "status":"online","tags":["a","b"]}}""";
    private final AgentVersion version = new AgentVersion("9.6.0", "abc", false);
    @AutoClose
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    private FleetClient client(Map<String, String> headers) {
        return new FleetClient(new OkHttpClient(), server.url("/").uri(), headers, version);
    }

    private EnrollRequest request() {
        return new EnrollRequest("", "", "enr-1", Map.of("host", Map.of("hostname", "h1")), List.of("a", "b"));
    }

    @Test
    void enrollSendsTheContractHeadersAndBody() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());
        EnrollResponse r = client(Map.of("X-Custom", "v")).enroll("dG9rOmVu", request(), Duration.ofSeconds(5));

        assertEquals("agent-1", r.agentId());
        assertEquals("a2V5LTE6c2VjcmV0", r.accessApiKey());
        assertEquals("policy-1", r.policyId());
        assertFalse(r.toString().contains("a2V5LTE6c2VjcmV0"), "the API key must not leak through toString");

        RecordedRequest rec = server.takeRequest();
        assertEquals("POST", rec.getMethod());
        assertEquals("/api/fleet/agents/enroll", rec.getUrl().encodedPath());
        assertEquals("ApiKey dG9rOmVu", rec.getHeaders().get("Authorization"));
        assertEquals("Elastic Agent v9.6.0", rec.getHeaders().get("User-Agent"));
        assertEquals("2023-06-01", rec.getHeaders().get("Elastic-Api-Version"));
        assertEquals("1", rec.getHeaders().get("kbn-xsrf"));
        assertEquals("v", rec.getHeaders().get("X-Custom"));
        assertTrue(rec.getHeaders().get("X-Request-ID").matches("[0-9A-HJKMNP-TV-Z]{26}"), rec.getHeaders().get("X-Request-ID"));
        assertTrue(rec.getHeaders().get("Content-Type").startsWith("application/json"));

        FleetRequestBodies.Enroll body = FleetRequestBodies.read(rec, FleetRequestBodies.Enroll.class);
        assertEquals("PERMANENT", body.type());
        assertTrue(body.id() != null && body.replace_token() != null, "id and replace_token are always sent");
        assertEquals("enr-1", body.enrollment_id());
        assertEquals(Map.of("host", Map.of("hostname", "h1")), body.metadata().local());
        assertEquals(Map.of(), body.metadata().user_provided());
        assertEquals(List.of("a", "b"), body.metadata().tags());
    }

    @Test
    void customHeadersNeverReplaceTheOnesFleetNeeds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());
        FleetClient c = client(Map.of("User-Agent", "curl", "Authorization", "Basic x"));
        assertEquals(List.of("Authorization", "User-Agent"), c.ignoredHeaders().stream().sorted().toList());
        c.enroll("dG9rOmVu", request(), Duration.ofSeconds(5));
        RecordedRequest rec = server.takeRequest();
        assertEquals("Elastic Agent v9.6.0", rec.getHeaders().get("User-Agent"));
        assertEquals("ApiKey dG9rOmVu", rec.getHeaders().get("Authorization"));
    }

    @Test
    void errorBodyBecomesOneLineWithItsParts() {
        FleetApiException e = enrollAnswered(401, "{\"statusCode\":401,\"error\":\"ErrUnauthorized\",\"message\":\"unauthorized\"}");
        assertEquals(401, e.status());
        assertEquals("ErrUnauthorized", e.errorType());
        assertEquals("status code: 401, fleet-server returned an error: ErrUnauthorized, message: unauthorized", e.getMessage());
    }

    @Test
    void retryAfterIsRead() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3")
                .body("{\"statusCode\":429,\"error\":\"RateLimit\",\"message\":\"exceeded the rate limit\"}").build());
        FleetApiException e = assertThrows(FleetApiException.class,
                () -> client(Map.of()).enroll("dG9rOmVu", request(), Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
        assertEquals("RateLimit", e.errorType());
    }

    @Test
    void nonJsonErrorIsQuotedRaw() {
        FleetApiException e = enrollAnswered(502, "<html>Bad Gateway</html>");
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("raw response: <html>Bad Gateway</html>"), e.getMessage());
    }

    @Test
    void replyWithoutApiKeyIsRefused() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"action\":\"created\",\"item\":{\"id\":\"a\",\"type\":\"PERMANENT\"}}").build());
        IOException e = assertThrows(IOException.class, () -> client(Map.of()).enroll("dG9rOmVu", request(), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("access_api_key"), e.getMessage());
    }

    @Test
    void pathPrefixOfTheUrlIsKept() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());
        new FleetClient(new OkHttpClient(), server.url("/fleet/").uri(), Map.of(), version)
                .enroll("dG9rOmVu", request(), Duration.ofSeconds(5));
        assertEquals("/fleet/api/fleet/agents/enroll", server.takeRequest().getUrl().encodedPath());
    }

    @Test
    void checkinIsGzippedCarriesTheAckTokenAndReturnsActions() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("""
                {"ack_token":"tok-2","action":"checkin","actions":[{"id":"policy:p1:1:1","type":"POLICY_CHANGE",
                 "agent_id":"agent-1","data":{"policy":{"id":"p1","revision":1}}}]}""").build());
        CheckinResponse r = client(Map.of()).checkin("agent-1", "a2V5OnNlY3JldA==",
                new CheckinRequest("online", "Running", "tok-1", List.of(), null, null, null), true, Duration.ofSeconds(5));

        assertEquals("tok-2", r.ackToken());
        assertEquals(1, r.actions().size());
        assertEquals("POLICY_CHANGE", r.actions().get(0).type());
        assertEquals(Map.of("policy", Map.of("id", "p1", "revision", 1)), r.actions().get(0).data());

        RecordedRequest rec = server.takeRequest();
        assertEquals("/api/fleet/agents/agent-1/checkin", rec.getUrl().encodedPath());
        assertEquals("ApiKey a2V5OnNlY3JldA==", rec.getHeaders().get("Authorization"));
        assertEquals("gzip", rec.getHeaders().get("Content-Encoding"));
        FleetRequestBodies.Checkin body = FleetRequestBodies.read(rec, FleetRequestBodies.Checkin.class);
        assertEquals("online", body.status());
        assertEquals("tok-1", body.ack_token());
    }

    @Test
    void checkinWithoutActionsIsAnEmptyList() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ack_token\":\"\",\"action\":\"checkin\"}").build());
        CheckinResponse r = client(Map.of()).checkin("agent-1", "k", new CheckinRequest("online", "", null, List.of(), null, null, null),
                false, Duration.ofSeconds(5));
        assertTrue(r.actions().isEmpty());
        assertEquals(null, server.takeRequest().getHeaders().get("Content-Encoding"));
    }

    @Test
    void ackSendsAcknowledgedEventsAndChecksTheReply() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"action\":\"acks\",\"errors\":false,\"items\":[{\"status\":200,\"message\":\"OK\"}]}").build());
        client(Map.of()).ack("agent-1", "k", List.of(new AckEvent("policy:p1:1:1", "Action acknowledged.", null)), Duration.ofSeconds(5));
        RecordedRequest sent = server.takeRequest();
        FleetRequestBodies.AckEvent ev = FleetRequestBodies.read(sent, FleetRequestBodies.Acks.class).first();
        assertEquals("ACTION_RESULT", ev.type());
        assertEquals("ACKNOWLEDGED", ev.subtype());
        assertEquals("policy:p1:1:1", ev.action_id());
        assertEquals("agent-1", ev.agent_id());
        assertFalse(FleetRequestBodies.text(sent).contains("\"error\""), "no error member for an applied action");

        server.enqueue(new MockResponse.Builder().code(200).body("{\"action\":\"checkin\"}").build());
        assertThrows(IOException.class, () -> client(Map.of()).ack("agent-1", "k",
                List.of(new AckEvent("x", "m", "rejected")), Duration.ofSeconds(5)));
    }

    @Test
    void aFailedAckCarriesItsErrorAndPayloadForFleet() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"action\":\"acks\",\"errors\":false,\"items\":[{\"status\":200,\"message\":\"OK\"}]}").build());
        client(Map.of()).ack("agent-1", "k", List.of(new AckEvent("up-1", "m", "not supported", Map.of("retry", false))),
                Duration.ofSeconds(5));
        FleetRequestBodies.AckEvent ev = FleetRequestBodies.read(server.takeRequest(), FleetRequestBodies.Acks.class).first();
        assertEquals("not supported", ev.error());
        assertEquals(false, ev.payload().get("retry"));
    }

    @Test
    void aReplyOverTheLimitIsRefusedWithoutBeingReadWhole() {
        okio.Buffer big = new okio.Buffer().writeUtf8("{\"action\":\"created\"}");
        for (int i = 0; i < 11; i++) {
            big.write(new byte[1024 * 1024]);
        }
        server.enqueue(new MockResponse.Builder().code(200).body(big).build());
        ReplyTooLargeException e = assertThrows(ReplyTooLargeException.class,
                () -> client(Map.of()).enroll("dG9rOmVu", request(), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("larger than 10 MiB"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aServerMessageOverSeveralLinesBecomesOneLine() {
        FleetApiException e = enrollAnswered(403, "{\"statusCode\":403,\"error\":\"AgentNotReplaceable\",\"message\":\"agent x\\nis taken\\n\\n  elsewhere\"}");
        assertEquals("status code: 403, fleet-server returned an error: AgentNotReplaceable, message: agent x is taken elsewhere", e.getMessage());
    }

    /** Fleet answers the enrollment with {@code code} and {@code body}; returns the error the client makes of it. */
    private FleetApiException enrollAnswered(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
        return assertThrows(FleetApiException.class, () -> client(Map.of()).enroll("dG9rOmVu", request(), Duration.ofSeconds(5)));
    }
}
