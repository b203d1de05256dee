package org.fleetagent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.fleetagent.tls.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SOCKS5 with user and password: each client proves its own credentials, and nothing is set for the whole JVM. */
class SocksProxyClientTest {
    private MockWebServer fleet;
    private SocksServer socks;

    @BeforeEach
    void start() throws IOException {
        fleet = new MockWebServer();
        fleet.start();
        socks = new SocksServer("agent", "s3cr:et");
    }

    @AfterEach
    void stop() throws IOException {
        fleet.close();
        socks.close();
    }

    @Test
    void eachClientUsesItsOwnCredentials() throws IOException {
        OkHttpClient good = client("socks5://agent:s3cr%3Aet@127.0.0.1:" + socks.port());
        OkHttpClient bad = client("socks5://agent:wrong@127.0.0.1:" + socks.port());
        fleet.enqueue(new MockResponse.Builder().body("ok").build());

        IOException refused = assertThrows(IOException.class, () -> get(bad));
        assertTrue(refused.getMessage().contains("refused the SOCKS5 credentials"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("wrong"), "no password in the message: " + refused.getMessage());
        assertEquals("ok", get(good));
        assertEquals(List.of("localhost:" + fleet.getPort()), socks.destinations, "the proxy resolved the name");
        assertNull(Authenticator.getDefault(), "no JVM-wide authenticator");
    }

    @Test
    void aSocksProxyFromTheEnvironmentResolvesNamesItselfAndLoopbackStaysDirect() throws IOException {
        URI proxy = URI.create("socks5://agent:s3cr%3Aet@127.0.0.1:" + socks.port());
        OkHttpClient viaEnv = new HttpClientFactory(Map.of("HTTP_PROXY", proxy.toString())).create(settings(ProxySettings.fromEnvironment()));
        fleet.enqueue(new MockResponse.Builder().body("direct").build());
        fleet.enqueue(new MockResponse.Builder().body("tunnelled").build());
        assertEquals("direct", get(viaEnv, "localhost"));
        assertEquals(List.of(), socks.destinations, "loopback is never proxied from the environment");
        assertEquals("tunnelled", get(viaEnv, SocksServer.ONLY_THE_PROXY_KNOWS));
        assertEquals(List.of(SocksServer.ONLY_THE_PROXY_KNOWS + ":" + fleet.getPort()), socks.destinations);
    }

    private OkHttpClient client(String proxyUrl) {
        return new HttpClientFactory(Map.of()).create(settings(new ProxySettings(URI.create(proxyUrl), Map.of(), false, null)));
    }

    private static TransportSettings settings(ProxySettings proxy) {
        return new TransportSettings(TlsSettings.defaults(), proxy, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private String get(OkHttpClient client) throws IOException {
        return get(client, "localhost");
    }

    private String get(OkHttpClient client, String host) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url("http://" + host + ":" + fleet.getPort() + "/").build()).execute()) {
            return r.body().string();
        }
    }

    /** A SOCKS5 server that accepts only user/password authentication with one pair, and records what it connects to. */
    private static final class SocksServer implements AutoCloseable {
        /** A name no DNS knows; this proxy takes it for loopback. */
        static final String ONLY_THE_PROXY_KNOWS = "fleet.invalid";
        final List<String> destinations = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final String user;
        private final String password;

        SocksServer(String user, String password) throws IOException {
            this.user = user;
            this.password = password;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                in.readFully(new byte[in.readUnsignedByte() == 5 ? in.readUnsignedByte() : 0]);
                out.write(new byte[] {5, 2});
                in.readUnsignedByte();
                String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                boolean ok = u.equals(user) && p.equals(password);
                out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
                if (!ok) {
                    return;
                }
                in.readFully(new byte[3]);
                if (in.readUnsignedByte() != 3) {
                    return;
                }
                String host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                int port = in.readUnsignedShort();
                destinations.add(host + ":" + port);
                try (Socket target = new Socket(host.equals(ONLY_THE_PROXY_KNOWS) ? "localhost" : host, port)) {
                    out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
                    Thread.ofVirtual().start(() -> pipe(target, s));
                    pipe(s, target);
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static void pipe(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                in.transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
