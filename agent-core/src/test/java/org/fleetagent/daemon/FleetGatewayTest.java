package org.fleetagent.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.fleetagent.component.Policy;
import org.fleetagent.fleet.CheckinRequest;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.json.Json;
import org.fleetagent.fleet.FleetRequestBodies;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.version.AgentVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetGatewayTest {
    private static final FleetGateway.Timing FAST = new FleetGateway.Timing(Duration.ofMillis(10), Duration.ofMillis(5),
            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(2));
    private static final String ACK_OK = "{\"action\":\"acks\",\"errors\":false,\"items\":[{\"status\":200,\"message\":\"OK\"}]}";
    private static final String IDLE = "{\"ack_token\":\"\",\"action\":\"checkin\"}";

    private MockWebServer fleet;
    private MockWebServer other;
    private final Recording listener = new Recording();
    private Thread loop;
    private FleetGateway gateway;

    @BeforeEach
    void start() throws IOException {
        fleet = new MockWebServer();
        fleet.start();
        other = new MockWebServer();
        other.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.stop();
            loop.join(5000);
        }
        fleet.close();
        other.close();
    }

    private FleetConnection connection(MockWebServer s) {
        return new FleetConnection(List.of(s.url("/").uri()), Map.of(),
                new TlsSettings(List.of(), List.of(), VerificationMode.NONE, null, null, null),
                new ProxySettings(null, Map.of(), false, null), FleetConnection.ProxySource.NONE, false);
    }

    /** The empty ack with which the gateway confirms its credentials at start. */
    private void expectCredentialCheck(MockWebServer s) {
        s.enqueue(new MockResponse.Builder().body(ACK_OK).build());
    }

    private void takeCredentialCheck(MockWebServer s) throws InterruptedException {
        RecordedRequest r = s.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/api/fleet/agents/agent-1/acks", r.getUrl().encodedPath());
        assertEquals("{\"events\":null}", r.getBody().utf8());
    }

    private void startGateway(FleetConnection c) {
        gateway = new FleetGateway(c, "agent-1", "a2V5OnNlY3JldA==", true,
                conn -> new FleetClient(new OkHttpClient(), conn.primary(), conn.headers(), new AgentVersion("9.6.0", "x", false)),
                () -> new CheckinRequest("online", "Running", null, List.of(), null, null, null), listener, FAST, new SplittableRandom(3));
        loop = Thread.ofVirtual().start(gateway::run);
    }

    private static String policyChange(String id, Map<String, Object> fleetSection) {
        Map<String, Object> policy = Map.of("id", "p1", "revision", 2, "fleet", fleetSection);
        return Json.writeString(Map.of("ack_token", "t1", "action", "checkin",
                "actions", List.of(Map.of("id", id, "type", "POLICY_CHANGE", "agent_id", "agent-1", "data", Map.of("policy", policy)))));
    }

    @Test
    void appliesAndAcksTheFirstPolicyThenKeepsCheckingIn() throws Exception {
        expectCredentialCheck(fleet);
        fleet.enqueue(new MockResponse.Builder().body(policyChange("policy:p1:2:1", Map.of())).build());
        fleet.enqueue(new MockResponse.Builder().body(ACK_OK).build());
        fleet.enqueue(new MockResponse.Builder().body(IDLE).build());
        fleet.enqueue(new MockResponse.Builder().body(IDLE).bodyDelay(10, TimeUnit.SECONDS).build());
        startGateway(connection(fleet));
        takeCredentialCheck(fleet);

        RecordedRequest first = fleet.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/api/fleet/agents/agent-1/checkin", first.getUrl().encodedPath());
        RecordedRequest ack = fleet.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/api/fleet/agents/agent-1/acks", ack.getUrl().encodedPath());
        FleetRequestBodies.AckEvent event = FleetRequestBodies.read(ack, FleetRequestBodies.Acks.class).first();
        assertEquals("policy:p1:2:1", event.action_id());
        assertFalse(FleetRequestBodies.text(ack).contains("\"error\""), FleetRequestBodies.text(ack));
        FleetRequestBodies.Checkin second = FleetRequestBodies.read(fleet.takeRequest(5, TimeUnit.SECONDS), FleetRequestBodies.Checkin.class);
        assertEquals("t1", second.ack_token(), "the ack token of the last reply is sent back");
        assertEquals("p1", second.agent_policy_id());
        assertEquals(2L, second.policy_revision_idx());
        assertTrue(listener.states.contains(FleetGateway.Connectivity.ONLINE));
        assertEquals(1, listener.policies.size());
    }

    @Test
    void aPolicyWithAnUnreachableHostIsRejectedReportedAndCheckInsContinueOnTheOldHost() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        expectCredentialCheck(fleet);
        fleet.enqueue(new MockResponse.Builder().body(policyChange("policy:p1:2:1",
                Map.of("hosts", List.of("http://127.0.0.1:" + closed)))).build());
        fleet.enqueue(new MockResponse.Builder().body(ACK_OK).build());
        fleet.enqueue(new MockResponse.Builder().body(IDLE).build());
        fleet.enqueue(new MockResponse.Builder().body(IDLE).bodyDelay(10, TimeUnit.SECONDS).build());
        startGateway(connection(fleet));
        takeCredentialCheck(fleet);

        fleet.takeRequest(5, TimeUnit.SECONDS);
        FleetRequestBodies.AckEvent event = FleetRequestBodies.read(fleet.takeRequest(5, TimeUnit.SECONDS), FleetRequestBodies.Acks.class).first();
        assertTrue(event.error().contains("none of its Fleet hosts answered"), event.toString());
        assertEquals("/api/fleet/agents/agent-1/checkin", fleet.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath(),
                "check-ins continue on the old host");
        assertNull(listener.saved, "rejected settings are not stored");
        assertEquals(fleet.url("/").uri(), gateway.connection().primary());
        assertTrue(listener.messages.stream().anyMatch(m -> m.contains("rejected the Fleet settings")), listener.messages.toString());
    }

    @Test
    void aPolicyWithAWorkingHostSwitchesAfterAProbe() throws Exception {
        other.enqueue(new MockResponse.Builder().body("{\"name\":\"fleet-server\",\"status\":\"HEALTHY\"}").build());
        other.enqueue(new MockResponse.Builder().body(IDLE).build());
        other.enqueue(new MockResponse.Builder().body(IDLE).bodyDelay(10, TimeUnit.SECONDS).build());
        expectCredentialCheck(fleet);
        fleet.enqueue(new MockResponse.Builder().body(policyChange("policy:p1:2:1",
                Map.of("hosts", List.of(other.url("/").toString())))).build());
        startGateway(connection(fleet));
        takeCredentialCheck(fleet);

        fleet.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/api/status", other.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath(), "probed first");
        RecordedRequest ack = other.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/api/fleet/agents/agent-1/acks", ack.getUrl().encodedPath(), "the ack goes to the new host");
        assertNotNull(listener.saved);
        assertEquals(other.url("/").uri(), listener.saved.primary());
    }

    @Test
    void aRejectedKeyIsReportedAtStartWithoutWaitingForTheLongPoll() throws Exception {
        fleet.enqueue(new MockResponse.Builder().code(401)
                .body("{\"statusCode\":401,\"error\":\"ErrUnauthorized\",\"message\":\"unauthorized\"}").build());
        fleet.enqueue(new MockResponse.Builder().body(IDLE).bodyDelay(10, TimeUnit.SECONDS).build());
        startGateway(connection(fleet));
        fleet.takeRequest(5, TimeUnit.SECONDS);
        await("FAILED reported").atMost(Duration.ofSeconds(5))
                .until(() -> listener.states.contains(FleetGateway.Connectivity.FAILED));
    }

    @Test
    void unauthorizedCheckinKeepsCredentialsAndReportsFailed() throws Exception {
        expectCredentialCheck(fleet);
        fleet.enqueue(new MockResponse.Builder().code(401)
                .body("{\"statusCode\":401,\"error\":\"ErrUnauthorized\",\"message\":\"unauthorized\"}").build());
        fleet.enqueue(new MockResponse.Builder().body(IDLE).bodyDelay(10, TimeUnit.SECONDS).build());
        startGateway(connection(fleet));
        takeCredentialCheck(fleet);
        fleet.takeRequest(5, TimeUnit.SECONDS);
        fleet.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(listener.states.contains(FleetGateway.Connectivity.FAILED));
        assertTrue(listener.messages.stream().anyMatch(m -> m.contains("credentials are kept")), listener.messages.toString());
        assertNull(listener.saved);
    }

    static final class Recording implements FleetGateway.Listener {
        final List<FleetGateway.Connectivity> states = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Policy> policies = new CopyOnWriteArrayList<>();
        volatile FleetConnection saved;

        @Override
        public void fleetState(FleetGateway.Connectivity state, String message) {
            states.add(state);
            messages.add(message);
        }

        @Override
        public void connectionChanged(FleetConnection connection) {
            saved = connection;
        }

        @Override
        public String applyPolicy(Policy policy) {
            policies.add(policy);
            return null;
        }
    }
}
