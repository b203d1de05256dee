package org.fleetagent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.fleetagent.store.CarriedSettings;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetRequestBodies;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.tls.HandClock;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrollerTest {
    private static final String TOKEN = "a2V5aWQ6c2VjcmV0"; // base64("keyid:secret")
    private static final String ENROLL_OK = """
            {"action":"created","item":{"id":"agent-1","active":true,"policy_id":"policy-1","type":"PERMANENT",
             "access_api_key_id":"key-1","access_api_key":"a2V5LTE6c2VjcmV0","tags":[]}}""";

    private MockWebServer server;
    /** A clock that only moves when the enroller waits. */
    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final RecordingProgress progress = new RecordingProgress(clock);
    private final AtomicReference<Map<String, Object>> committed = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EnrollOptions options(URI url, Duration timeout) {
        TransportSettings t = new TransportSettings(new TlsSettings(List.of(), List.of(), VerificationMode.FULL, null, null, null),
                new ProxySettings(null, Map.of(), false, null), Duration.ofSeconds(10), Duration.ofSeconds(5));
        return new EnrollOptions(url, TOKEN, "", "", List.of("t1"), Map.of(), t, true, timeout, "", false);
    }

    private Enroller enroller(URI url) {
        return enroller(new OkHttpClient(), url, EnrollRetry.INTERACTIVE);
    }

    private Enroller enroller(OkHttpClient http, URI url, EnrollRetry retry) {
        FleetClient client = new FleetClient(http, url, Map.of(), new AgentVersion("9.6.0", "x", false));
        return new Enroller(client, committed::set, progress, clock, new SplittableRandom(1),
                HostInfo.current(), new AgentVersion("9.6.0", "x", false), retry);
    }

    /** A client whose DNS does not know any name for the first {@code misses} lookups, then answers the loopback. */
    private static OkHttpClient dnsAppearingAfter(int misses) {
        int[] lookups = {0};
        return new OkHttpClient.Builder().dns(host -> {
            if (lookups[0]++ < misses) {
                throw new java.net.UnknownHostException(host);
            }
            return List.of(java.net.InetAddress.getLoopbackAddress());
        }).build();
    }

    @Test
    void tooManyRequestsThenSuccessEnrollsExactlyOnceAndHonoursRetryAfter() throws Exception {
        String limited = "{\"statusCode\":429,\"error\":\"RateLimit\",\"message\":\"exceeded the rate limit\"}";
        server.enqueue(new MockResponse.Builder().code(429).body(limited).build());
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").body(limited).build());
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());

        EnrollResult r = enroller(server.url("/").uri()).enroll(options(server.url("/").uri(), Duration.ofMinutes(10)), CarriedSettings.NONE);

        assertEquals("agent-1", r.agentId());
        assertEquals(3, r.attempts());
        assertEquals(3, server.getRequestCount());
        assertTrue(progress.waits.get(0).compareTo(Duration.ofSeconds(11)) < 0, "a 429 without Retry-After: full jitter in [0, 11 s): " + progress.waits);
        assertEquals(Duration.ofSeconds(120), progress.waits.get(1), "Retry-After 120 s honoured as given: " + progress.waits);
        Set<String> enrollmentIds = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            enrollmentIds.add(FleetRequestBodies.read(server.takeRequest(), FleetRequestBodies.Enroll.class).enrollment_id());
        }
        assertEquals(1, enrollmentIds.size(), "all attempts share one enrollment_id");
        Map<?, ?> fleet = (Map<?, ?>) committed.get().get("fleet");
        assertEquals("a2V5LTE6c2VjcmV0", fleet.get("access_api_key"));
        assertEquals(true, fleet.get("enabled"));
        assertEquals("agent-1", ((Map<?, ?>) committed.get().get("agent")).get("id"));
    }

    @Test
    void rejectedTokenFailsAtOnceWithCredentialsCode() {
        AgentException e = enrollmentAnswered(401, "ErrUnauthorized", "unauthorized");
        assertEquals(ExitCode.CREDENTIALS, e.exitCode());
        assertEquals(1, server.getRequestCount());
        assertTrue(progress.waits.isEmpty(), "no retry for a rejected token");
        assertNull(committed.get());
        assertTrue(e.getMessage().contains("Enrollment tokens"), e.getMessage());
    }

    @Test
    void replaceConflictIsExitSix() {
        AgentException e = enrollmentAnswered(403, "AgentNotReplaceable", "existing agent cannot be replaced");
        assertEquals(ExitCode.CONFLICT, e.exitCode());
        assertTrue(e.getMessage().contains("--replace-token"), e.getMessage());
    }

    @Test
    void badRequestIsNotRetried() {
        AgentException e = enrollmentAnswered(400, "BadRequest", "Bad request: unable to decode");
        assertEquals(ExitCode.FAILURE, e.exitCode());
        assertEquals(1, server.getRequestCount());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void aRetryAfterPastTheDeadlineStopsAtOnceWhateverTheStatus(int status) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Retry-After", "60").body("{\"error\":\"Unavailable\"}").build());
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());
        AgentException e = assertThrows(AgentException.class,
                () -> enroller(server.url("/").uri()).enroll(options(server.url("/").uri(), Duration.ofSeconds(3)), CarriedSettings.NONE));
        assertEquals(ExitCode.TIMED_OUT, e.exitCode());
        assertEquals(1, server.getRequestCount(), "no retry before the server's Retry-After");
        assertTrue(progress.waits.isEmpty(), "no wait announced or waited: " + progress.waits);
        assertTrue(e.getMessage().contains("answered HTTP " + status + " and asked to wait 60s (Retry-After), beyond --enroll-timeout 3s"),
                e.getMessage());
        assertNull(committed.get());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {500, 503})
    void aRetryAfterLongerThanTheBackoffIsWaitedForEveryRetriedStatus(int status) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Retry-After", "90").body("{\"error\":\"Unavailable\"}").build());
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());
        EnrollResult r = enroller(server.url("/").uri()).enroll(options(server.url("/").uri(), Duration.ofMinutes(10)), CarriedSettings.NONE);
        assertEquals(2, r.attempts());
        assertEquals(List.of(Duration.ofSeconds(90)), progress.waits, "the server's 90 s, longer than the first backoff");
    }

    /** Fleet answers the enrollment with {@code code} and its error body; returns how the enrollment then fails. */
    private AgentException enrollmentAnswered(int code, String error, String message) {
        server.enqueue(new MockResponse.Builder().code(code)
                .body("{\"statusCode\":" + code + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}").build());
        return assertThrows(AgentException.class,
                () -> enroller(server.url("/").uri()).enroll(options(server.url("/").uri(), Duration.ofMinutes(10)), CarriedSettings.NONE));
    }

    @Test
    void refusedConnectionIsRetriedUntilTheDeadlineThenTimesOut() throws Exception {
        URI url = refusingUrl();
        AgentException e = assertThrows(AgentException.class,
                () -> enroller(url).enroll(options(url, Duration.ofSeconds(60)), CarriedSettings.NONE));
        assertEquals(ExitCode.TIMED_OUT, e.exitCode());
        assertTrue(progress.waits.size() >= 3, "several retries before the deadline: " + progress.waits);
        assertTrue(progress.causes.get(0).contains("refused"), progress.causes.get(0));
        assertTrue(e.getMessage().contains("timed out after 1m"), e.getMessage());
        assertNull(committed.get());
    }

    @Test
    void aWaitThatEndsAHairBeforeTheDeadlineOnABusyMachineStillNamesTheCause() throws Exception {
        URI url = refusingUrl();
        // the sleep ends 10 ms early and the machine is busy: by the next attempt the deadline has passed
        EnrollProgress busy = new EnrollProgress() {
            @Override
            public void attempting(int attempt, String target) {
                clock.advance(Duration.ofMillis(20));
            }

            @Override
            public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
            }

            @Override
            public void await(Duration wait) {
                clock.advance(wait.minusMillis(10));
            }

            @Override
            public void warn(String message) {
            }
        };
        FleetClient client = new FleetClient(new OkHttpClient(), url, Map.of(), new AgentVersion("9.6.0", "x", false));
        Enroller enroller = new Enroller(client, committed::set, busy, clock, new SplittableRandom(1), HostInfo.current(),
                new AgentVersion("9.6.0", "x", false), EnrollRetry.INTERACTIVE);

        AgentException e = assertThrows(AgentException.class, () -> enroller.enroll(options(url, Duration.ofSeconds(3)), CarriedSettings.NONE));

        assertEquals(ExitCode.TIMED_OUT, e.exitCode());
        assertTrue(e.getMessage().contains("timed out after 3s; last error: connection refused by " + url), e.getMessage());
        assertNull(committed.get());
    }

    @Test
    void unresolvableHostFailsAtOnceWithExitThree() {
        URI url = URI.create("http://fleet.does-not-exist.invalid:8220");
        AgentException e = assertThrows(AgentException.class,
                () -> enroller(url).enroll(options(url, Duration.ofMinutes(10)), CarriedSettings.NONE));
        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertTrue(progress.waits.isEmpty());
    }

    @Test
    void orchestratedStartWaitsForANameDnsDoesNotKnowYetWithShortWaits() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(ENROLL_OK).build());
        URI url = URI.create("http://fleet-server.orchestrated.test:" + server.getPort());

        EnrollResult r = enroller(dnsAppearingAfter(3), url, EnrollRetry.ORCHESTRATED).enroll(options(url, Duration.ofMinutes(10)), CarriedSettings.NONE);

        assertEquals("agent-1", r.agentId());
        assertEquals(4, r.attempts());
        assertEquals(3, progress.causes.size());
        assertEquals("cannot resolve fleet-server.orchestrated.test: not in DNS (yet)", progress.causes.getFirst());
        // 1-2 s, 2-4 s, 4-8 s: a Fleet Server that appears a few seconds late is found within seconds
        for (int i = 0; i < 3; i++) {
            Duration w = progress.waits.get(i);
            assertTrue(w.compareTo(Duration.ofSeconds(1L << i)) >= 0 && w.compareTo(Duration.ofSeconds(2L << i)) < 0, progress.waits.toString());
        }
    }

    @Test
    void orchestratedStartRetriesUnavailableAndStopsAtOnceOnRejectedToken() {
        server.enqueue(new MockResponse.Builder().code(503).body("{\"statusCode\":503,\"error\":\"ServiceUnavailable\",\"message\":\"starting\"}").build());
        server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"statusCode\":401,\"error\":\"ErrUnauthorized\",\"message\":\"unauthorized\"}").build());
        URI url = server.url("/").uri();

        AgentException e = assertThrows(AgentException.class,
                () -> enroller(new OkHttpClient(), url, EnrollRetry.ORCHESTRATED).enroll(options(url, Duration.ofMinutes(10)), CarriedSettings.NONE));

        assertEquals(ExitCode.CREDENTIALS, e.exitCode());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, progress.waits.size(), "503 and 502 are waited out, 401 is not");
        assertNull(committed.get());
    }

    @Test
    void orchestratedStartRefusesAMalformedTokenBeforeAnyRequest() {
        URI url = server.url("/").uri();
        EnrollOptions o = options(url, Duration.ofMinutes(10));
        EnrollOptions malformed = new EnrollOptions(url, "not a token", "", "", o.tags(), o.headers(), o.transport(), true,
                o.enrollTimeout(), "", false);

        AgentException e = assertThrows(AgentException.class,
                () -> enroller(new OkHttpClient(), url, EnrollRetry.ORCHESTRATED).enroll(malformed, CarriedSettings.NONE));

        assertEquals(ExitCode.CREDENTIALS, e.exitCode());
        assertEquals(0, server.getRequestCount());
        assertTrue(progress.waits.isEmpty());
    }

    /** A loopback URL whose port nothing listens on. */
    private static URI refusingUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    static final class RecordingProgress implements EnrollProgress {
        final List<Duration> waits = new ArrayList<>();
        final List<String> causes = new ArrayList<>();
        private final HandClock clock;

        RecordingProgress(HandClock clock) {
            this.clock = clock;
        }

        @Override
        public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
            causes.add(cause);
        }

        @Override
        public void await(Duration wait) {
            waits.add(wait);
            clock.advance(wait);
        }

        @Override
        public void warn(String message) {
        }
    }
}
