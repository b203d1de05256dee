package org.fleetagent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.fleetagent.tls.Pem;
import org.fleetagent.tls.SelfSignedAuthority;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.junit.jupiter.api.Test;

class HttpClientFactoryTest {
    /**
     * The chain the server sent reaches the listener on a verified TLS connection, for each request, reused connection
     * included (OkHttp's own {@code Handshake} holds no peer certificates here: it cleans them with issuers the agent does not give it).
     */
    @Test
    void handsOverTheChainTheServerSent() throws Exception {
        SelfSignedAuthority pki = SelfSignedAuthority.create("fleet.example");
        X509Certificate leaf = Pem.certificates(pki.certPem(), "server").getFirst();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", Pem.privateKey(pki.keyPem(), null, "key"), new char[0], new X509Certificate[] {leaf});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        try (MockWebServer fleet = new MockWebServer()) {
            fleet.useHttps(server.getSocketFactory());
            fleet.enqueue(new MockResponse.Builder().body("one").build());
            fleet.enqueue(new MockResponse.Builder().body("two").build());
            fleet.start();
            List<List<X509Certificate>> seen = new CopyOnWriteArrayList<>();
            TransportSettings t = new TransportSettings(new TlsSettings(List.of(pki.caPem()), List.of(), VerificationMode.FULL, null, null, null),
                    new ProxySettings(null, Map.of(), true, null), Duration.ofSeconds(10), Duration.ofSeconds(10));
            OkHttpClient client = new HttpClientFactory(Map.of()).create(t, seen::add);
            for (String body : List.of("one", "two")) {
                try (Response r = client.newCall(new Request.Builder().url(fleet.url("/").newBuilder().host("localhost").build()).build()).execute()) {
                    assertEquals(body, r.body().string());
                }
            }
            assertEquals(2, seen.size(), "once per request");
            assertEquals(List.of(leaf), seen.getFirst());
            assertTrue(seen.getLast().getFirst().getSubjectX500Principal().getName().contains("CN=fleet.example"), seen.toString());
        }
    }
}
