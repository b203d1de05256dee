package org.fleetagent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.fleetagent.tls.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DEBUG_AGENT=1: one debug line per exchange, with method, path, status and time, and never a secret. */
class ExchangeLogTest {
    private static final String API_KEY = "ApiKey c2VjcmV0LWFwaS1rZXk=";
    private static final String BODY_SECRET = "enrollment-token-do-not-log";

    private final Logger logger = Logger.getLogger(ExchangeLog.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        previous = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        logger.removeHandler(capture);
        logger.setLevel(previous);
        server.close();
    }

    private void exchange(Map<String, String> env) throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).body("{\"access_api_key\":\"" + BODY_SECRET + "\"}").build());
        OkHttpClient client = new HttpClientFactory(env).create(new TransportSettings(TlsSettings.defaults(),
                new ProxySettings(null, Map.of(), true, null), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        Request r = new Request.Builder().url(server.url("/api/fleet/agents/enroll?token=" + BODY_SECRET)).header("Authorization", API_KEY)
                .post(RequestBody.create("{\"token\":\"" + BODY_SECRET + "\"}", MediaType.get("application/json"))).build();
        try (Response response = client.newCall(r).execute()) {
            assertEquals(202, response.code());
            assertTrue(response.body().string().contains(BODY_SECRET), "the body still reaches the caller");
        }
    }

    @Test
    void debugAgentOneLogsEachExchangeAtDebugWithoutSecrets() throws Exception {
        exchange(Map.of("DEBUG_AGENT", "1"));
        assertEquals(1, records.size());
        LogRecord r = records.getFirst();
        assertEquals(Level.FINE, r.getLevel());
        assertTrue(r.getMessage().matches("http POST /api/fleet/agents/enroll -> 202 in \\d+ ms"), r.getMessage());
        assertFalse(r.getMessage().contains(BODY_SECRET) || r.getMessage().contains("c2VjcmV0"), r.getMessage());
    }

    @Test
    void onlyOneTurnsItOnAsInTheRealClient() throws Exception {
        exchange(Map.of("DEBUG_AGENT", "true"));
        exchange(Map.of());
        assertEquals(List.of(), records);
    }
}
