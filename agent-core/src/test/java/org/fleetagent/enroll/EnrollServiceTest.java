package org.fleetagent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.fleetagent.errors.AgentException;
import org.fleetagent.fleet.FleetRequestBodies;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollServiceTest {
    private static final String ENROLL_OK = """
            {"action":"created","item":{"id":"%s","active":true,"policy_id":"policy-1","type":"PERMANENT",
             "access_api_key_id":"key-1","access_api_key":"a2V5LTE6c2VjcmV0","tags":[]}}""";

    @TempDir
    Path home;

    @Test
    void aCommitThatFailsAfterFleetAcceptedKeepsTheIntentSoTheRerunReplacesThatAgent() throws Exception {
        try (MockWebServer fleet = new MockWebServer()) {
            fleet.start();
            AgentPaths paths = AgentPaths.of(home, null, null, null, null);
            // the store's lock cannot be opened: a directory holding a file stands in its place (a full disk or a read-only home alike)
            Path lock = paths.config().resolve("fleet.enc.lock");
            Files.writeString(Files.createDirectories(lock).resolve("x"), "x");
            fleet.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK.formatted("agent-1")).build());
            AgentException e = assertThrows(AgentException.class, () -> service(paths).enroll(options(fleet.url("/").uri()), false, null));
            var sent = fleet.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.assertNotNull(sent, "Fleet was asked: " + e.getMessage());
            var first = FleetRequestBodies.read(sent, FleetRequestBodies.Enroll.class);
            assertTrue(e.getMessage().contains("cannot store the enrollment in"), e.getMessage());
            assertTrue(e.getMessage().contains("Fleet enrolled agent " + first.id() + ", which the same enroll run again (once fixed) replaces"),
                    e.getMessage());
            assertEquals(first.id(), FleetConfigStore.forEnrollment(paths).intent().pending().orElseThrow().agentId(), "the intent is kept");

            Files.delete(lock.resolve("x"));
            Files.delete(lock);
            fleet.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK.formatted(first.id())).build());
            EnrollResult r = service(paths).enroll(options(fleet.url("/").uri()), false, null);
            var second = FleetRequestBodies.read(fleet.takeRequest(), FleetRequestBodies.Enroll.class);
            assertEquals(first.id(), second.id(), "the same agent id again: Fleet replaces, not adds");
            assertEquals(first.replace_token(), second.replace_token());
            assertEquals(first.id(), r.agentId());
            assertTrue(Files.isRegularFile(paths.fleetEnc()));
        }
    }

    @Test
    void onlyAReplaceTokenTheOperatorGaveIsHashedAsTheRealAgentDoes() throws Exception {
        try (MockWebServer fleet = new MockWebServer()) {
            fleet.start();
            AgentPaths made = AgentPaths.of(home.resolve("made-up"), null, null, null, null);
            fleet.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK.formatted("agent-1")).build());
            service(made).enroll(options(fleet.url("/").uri()), false, null);
            var sent = FleetRequestBodies.read(fleet.takeRequest(), FleetRequestBodies.Enroll.class);
            var stored = FleetConfigStore.forEnrollment(made).read().fleet();
            assertEquals(sent.replace_token(), stored.replaceToken(), "the made-up token is kept, so a reinstall can replace the agent");
            // a hash of it would make a container given FLEET_REPLACE_TOKEN see a mismatch and enroll a second agent
            assertEquals("", stored.replaceTokenHash());
            assertTrue(org.fleetagent.store.TokenHash.matches("a2V5aWQ6c2VjcmV0", stored.enrollmentTokenHash()));

            AgentPaths given = AgentPaths.of(home.resolve("given"), null, null, null, null);
            fleet.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK.formatted("agent-2")).build());
            EnrollOptions o = options(fleet.url("/").uri());
            service(given).enroll(new EnrollOptions(o.url(), o.enrollmentToken(), "", "operator-token", o.tags(), o.headers(),
                    o.transport(), o.insecure(), o.enrollTimeout(), o.stagingHash(), o.checkinOnStateChange()), false, null);
            assertEquals("operator-token", FleetRequestBodies.read(fleet.takeRequest(), FleetRequestBodies.Enroll.class).replace_token());
            assertTrue(org.fleetagent.store.TokenHash.matches("operator-token",
                    FleetConfigStore.forEnrollment(given).read().fleet().replaceTokenHash()));
        }
    }

    private static EnrollService service(AgentPaths paths) {
        EnrollerTest.RecordingProgress progress = new EnrollerTest.RecordingProgress(new org.fleetagent.tls.HandClock(java.time.Instant.now()));
        return new EnrollService(paths, new HttpClientFactory(Map.of()), progress, Clock.systemUTC(), EnrollRetry.INTERACTIVE);
    }

    private static EnrollOptions options(URI url) {
        TransportSettings t = new TransportSettings(new TlsSettings(List.of(), List.of(), VerificationMode.FULL, null, null, null),
                new ProxySettings(null, Map.of(), false, null), Duration.ofSeconds(10), Duration.ofSeconds(5));
        return new EnrollOptions(url, "a2V5aWQ6c2VjcmV0", "", "", List.of(), Map.of(), t, true, Duration.ofMinutes(1), "", false);
    }
}
