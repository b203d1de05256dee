package org.fleetagent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.tls.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy that fails before the tunnel is open is named in the error, not the Fleet Server behind it: a reset, an
 * answer that is no tunnel, a peer that does not speak the protocol the proxy URL's scheme names.
 */
class ProxyDiagnosisTest {
    private static final String FLEET = "https://localhost:8220";
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aProxyThatResetsAtOnceIsNamedWithoutItsPassword() throws Exception {
        int port = peer(s -> s.setSoLinger(true, 0));

        AgentException e = failure("http://agent:s3cret@127.0.0.1:" + port, Duration.ofSeconds(5));

        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertTrue(e.getMessage().startsWith("the proxy at http://***@127.0.0.1:" + port + " closed the connection before answering"
                + " the CONNECT to localhost:8220"), e.getMessage());
        assertTrue(e.getMessage().contains("check --proxy-url"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret") || e.getMessage().contains("Fleet Server"), e.getMessage());
    }

    @Test
    void aWebServerWhereTheProxyShouldBeIsNotATunnel() throws Exception {
        int port = peer(s -> {
            readHead(s.getInputStream());
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>Welcome</html>".getBytes(StandardCharsets.US_ASCII));
        });

        AgentException e = failure("http://127.0.0.1:" + port, Duration.ofSeconds(5));

        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertEquals("the proxy at http://127.0.0.1:" + port + " answered the CONNECT to localhost:8220 with something that is not a"
                + " proxy tunnel (is it a web server, or a TLS port?): check --proxy-url", e.getMessage());
        assertFalse(TransportErrors.isRetryable((IOException) e.getCause()), "a web server stays one");
    }

    @Test
    void aTlsPortWhereTheProxyShouldBeIsNotATunnel() throws Exception {
        // what a TLS server answers to a plain-text CONNECT: an alert record (protocol_version), then it hangs up
        int port = peer(s -> {
            readHead(s.getInputStream());
            s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46});
        });

        AgentException e = failure("http://127.0.0.1:" + port, Duration.ofSeconds(5));

        assertEquals(ExitCode.UNREACHABLE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("answered the CONNECT to localhost:8220 with something that is not a proxy tunnel"), e.getMessage());
        assertFalse(TransportErrors.isRetryable((IOException) e.getCause()), "a TLS port stays one");
    }

    @Test
    void aSocksOrHttpsUrlAtAnHttpProxyThatWaitsForItsRequestLineGetsTheHttpScheme() throws Exception {
        int port = peer(ProxyDiagnosisTest::readForever);
        String at = "127.0.0.1:" + port;
        Map<String, String> lines = Map.of(
                "socks5://agent:s3cret@" + at, "the proxy at socks5://***@" + at + " does not speak SOCKS5 (no answer to the SOCKS5"
                        + " greeting in time): if it is an HTTP proxy, use --proxy-url http://user:password@" + at,
                "https://" + at, "the proxy at https://" + at + " does not speak TLS (no answer to the TLS handshake in time):"
                        + " if it is a plain HTTP proxy, use --proxy-url http://" + at);
        for (Map.Entry<String, String> line : lines.entrySet()) {
            AgentException e = failure(line.getKey(), Duration.ofSeconds(1));
            assertEquals(ExitCode.TIMED_OUT, e.exitCode(), e.getMessage());
            assertEquals(line.getValue(), e.getMessage());
        }
    }

    @Test
    void anHttpsUrlAtAPlainProxyThatAnswersTheHandshakeWithHttpGetsTheHttpScheme() throws Exception {
        int port = peer(s -> {
            s.getInputStream().read(new byte[512]);
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });

        AgentException e = failure("https://127.0.0.1:" + port, Duration.ofSeconds(5));

        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertTrue(e.getMessage().startsWith("the proxy at https://127.0.0.1:" + port + " does not speak TLS (its answer to the TLS"
                + " handshake is not TLS): if it is a plain HTTP proxy, use --proxy-url http://127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void aProxyThatRefusesIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AgentException e = failure("http://127.0.0.1:" + port, Duration.ofSeconds(5));
        assertEquals("connection refused by the proxy at http://127.0.0.1:" + port + ": is it running? check --proxy-url", e.getMessage());
    }

    @Test
    void aProxyFromTheEnvironmentIsNamedToo() throws Exception {
        int port = peer(s -> s.setSoLinger(true, 0));
        OkHttpClient client = new HttpClientFactory(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + port))
                .create(settings(ProxySettings.fromEnvironment()));
        Call call = client.newCall(new Request.Builder().url("https://fleet.example:8220/").build());
        IOException io = assertThrows(IOException.class, call::execute);
        String m = TransportErrors.classify(io, "https://fleet.example:8220", settings(ProxySettings.fromEnvironment())).getMessage();
        assertTrue(m.startsWith("the proxy at http://127.0.0.1:" + port + " closed the connection"), m);
    }

    /** Calls Fleet through {@code proxy} with a call deadline, as the enrollment does, and classifies the failure. */
    private static AgentException failure(String proxy, Duration deadline) {
        TransportSettings s = settings(new ProxySettings(URI.create(proxy), Map.of(), false, null));
        OkHttpClient client = new HttpClientFactory(Map.of()).create(s);
        Call call = client.newCall(new Request.Builder().url(FLEET + "/api/fleet/agents/enroll").build());
        call.timeout().timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
        IOException io = assertThrows(IOException.class, call::execute);
        return TransportErrors.classify(io, FLEET, s);
    }

    private static TransportSettings settings(ProxySettings proxy) {
        return new TransportSettings(TlsSettings.defaults(), proxy, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    private interface Serve {
        void on(Socket s) throws IOException;
    }

    /** A loopback peer that serves each connection with {@code serve}, then closes it. */
    private int peer(Serve serve) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            serve.on(s);
                        } catch (IOException e) {
                            // the client gave up
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /** What an HTTP proxy does with bytes that hold no line end yet: waits for more. */
    private static void readForever(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        while (in.read() >= 0) {
            // keep reading
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        int c;
        while (matched < 4 && (c = in.read()) >= 0) {
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
        }
    }
}
