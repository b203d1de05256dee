package org.fleetagent.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the dev Fleet Server that fails the way a flapping server does. Changing the mode closes
 * every open connection, as a restarting server would, so pooled connections meet the new mode at once.
 */
final class FaultProxy implements AutoCloseable {
    /** How the proxy answers new connections. */
    enum Mode {
        /** Forwards both ways to the Fleet Server. */
        HEALTHY,
        /** Answers every request with a 503 and closes. */
        UNAVAILABLE,
        /** Resets the connection (RST) as soon as it is accepted. */
        RESET,
        /** Reads the request and never answers. */
        HANG,
        /** Answers 200 with a long body sent one byte every 500 ms. */
        SLOW_BODY
    }

    private static final byte[] UNAVAILABLE_RESPONSE = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Content-Length: 53\r\nConnection: close\r\n\r\n"
            + "{\"statusCode\":503,\"error\":\"Unavailable\",\"message\":\"\"}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SLOW_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.HEALTHY;

    FaultProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fault-proxy").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Switches mode and drops every open connection. */
    void mode(Mode next) {
        mode = next;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client, mode));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client, Mode m) {
        try (client) {
            switch (m) {
                case HEALTHY -> forward(client);
                case UNAVAILABLE -> {
                    readHead(client.getInputStream());
                    client.getOutputStream().write(UNAVAILABLE_RESPONSE);
                    client.shutdownOutput();
                    // drain the request body until the client closes: closing with unread bytes would send a reset instead
                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                }
                case RESET -> client.setSoLinger(true, 0);
                case HANG -> client.getInputStream().transferTo(OutputStream.nullOutputStream());
                case SLOW_BODY -> {
                    readHead(client.getInputStream());
                    OutputStream out = client.getOutputStream();
                    out.write(SLOW_HEAD);
                    for (int i = 0; i < 100_000 && mode == m; i++) {
                        out.write('{');
                        out.flush();
                        Thread.sleep(500); // deliberately a slow peer: one byte of body every half second
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client or a mode change closed the connection
        } finally {
            open.remove(client);
        }
    }

    private void forward(Socket client) throws IOException {
        try (Socket upstream = new Socket(target.getAddress(), target.getPort())) {
            open.add(upstream);
            Thread back = Thread.ofVirtual().start(() -> pipe(upstream, client));
            pipe(client, upstream);
            try {
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    /** Copies until either side closes or the proxy leaves HEALTHY (checked before each chunk is passed on). */
    private void pipe(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0 && mode == Mode.HEALTHY; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    /** Reads up to the end of the request head (the body, if any, is left unread: the answer does not depend on it). */
    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        for (int b; state < 4 && (b = in.read()) >= 0; ) {
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        mode(Mode.HEALTHY);
    }
}
