package org.fleetagent.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The client side of SOCKS5 (RFC 1928) with user/password authentication (RFC 1929). The transport speaks it
 * itself so that each client keeps its own proxy credentials: the JDK's SOCKS client asks only the JVM-wide
 * {@code Authenticator}. {@code doctor} sends the same messages to name each answer.
 */
public final class Socks5 {
    private Socks5() {
    }

    /** The greeting: no authentication, and user/password too when there are credentials. */
    public static byte[] greeting(boolean credentials) {
        return credentials ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0};
    }

    /** The user/password request for a proxy URL's raw (percent-encoded) user info {@code user[:password]}. */
    public static byte[] credentials(String rawUserInfo) {
        String decoded = URLDecoder.decode(rawUserInfo, StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        byte[] user = (colon < 0 ? decoded : decoded.substring(0, colon)).getBytes(StandardCharsets.UTF_8);
        byte[] pass = (colon < 0 ? "" : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream auth = new ByteArrayOutputStream();
        auth.write(1);
        auth.write(user.length);
        auth.writeBytes(user);
        auth.write(pass.length);
        auth.writeBytes(pass);
        return auth.toByteArray();
    }

    /** CONNECT to {@code host:port} by name: the proxy resolves it, as for {@code socks5h}. */
    public static byte[] connect(String host, int port) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(new byte[] {5, 1, 0, 3, (byte) name.length});
        req.writeBytes(name);
        req.write(port >> 8);
        req.write(port & 0xff);
        return req.toByteArray();
    }

    /** Reads the bound address and port that end a CONNECT reply, after its four-byte head. */
    public static void skipBoundAddress(DataInputStream in, byte addressType) throws IOException {
        int skip = switch (addressType) {
            case 1 -> 4;
            case 4 -> 16;
            default -> in.read();
        };
        in.readFully(new byte[skip + 2]);
    }

    /**
     * Opens a tunnel to {@code host:port} on a socket connected to the proxy; afterwards the socket's streams are
     * the tunnel's.
     *
     * @param label       the proxy URL without credentials, for messages
     * @param rawUserInfo the proxy URL's user info, or null for none
     */
    static void open(Socket s, String label, String rawUserInfo, String host, int port) throws IOException {
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int version;
        int method;
        try {
            out.write(greeting(rawUserInfo != null));
            out.flush();
            version = in.read();
            method = in.read();
        } catch (IOException e) {
            // a reset, or a timeout while an HTTP proxy waits for the rest of a request line: not a SOCKS5 proxy
            throw new SocksGreetingException("the proxy " + label + " did not answer the SOCKS5 greeting", e);
        }
        if (version != 5) {
            throw new SocksGreetingException("the proxy " + label + " is not a SOCKS5 proxy: "
                    + (version < 0 ? "it closed the connection at" : "it answered something else to") + " the SOCKS5 greeting", null);
        }
        if (method == 2 && rawUserInfo != null) {
            out.write(credentials(rawUserInfo));
            out.flush();
            in.read();
            if (in.read() != 0) {
                throw new SocketException("the proxy " + label + " refused the SOCKS5 credentials: check the user and password in the proxy URL");
            }
        } else if (method != 0) {
            throw new SocketException("the proxy " + label + " accepts none of the offered SOCKS5 authentication methods"
                    + (method == 2 ? ": put the credentials in the proxy URL, socks5://user:password@proxy:port" : ""));
        }
        out.write(connect(host, port));
        out.flush();
        byte[] head = new byte[4];
        in.readFully(head);
        if (head[1] != 0) {
            throw new SocketException("the proxy " + label + " refused to connect to " + host + ":" + port + " (SOCKS5 reply " + head[1] + ")");
        }
        skipBoundAddress(in, head[3]);
    }
}
