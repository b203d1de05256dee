package org.fleetagent.doctor;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.transport.ProxyRoute;
import org.fleetagent.transport.Socks5;

/**
 * Opens a tunnel through a proxy on a connected socket by hand, so that each answer of the proxy can be named:
 * HTTP CONNECT with the configured headers and credentials, or the SOCKS5 greeting and connect.
 */
final class ProxyProbe {
    static final String HOP = "proxy";

    private ProxyProbe() {
    }

    /** Opens the tunnel to {@code host:port}; returns the failed hop, or an OK hop when the tunnel is open. */
    static Hop tunnel(Socket s, ProxyRoute proxy, String host, int port) throws IOException {
        return proxy.socks() ? socks(s, proxy, host, port) : connect(s, proxy, host, port);
    }

    private static Hop connect(Socket s, ProxyRoute proxy, String host, int port) throws IOException {
        String authority = host + ":" + port;
        StringBuilder req = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        proxy.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        String creds = proxy.basicCredentials();
        if (creds != null) {
            req.append("Proxy-Authorization: ").append(creds).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        String status = readLine(in);
        while (!readLine(in).isEmpty()) {
            // the CONNECT answer's headers end with an empty line; the tunnel starts after it
        }
        String[] parts = status.split(" ", 3);
        int code = parts.length > 1 && parts[0].startsWith("HTTP/") ? parseCode(parts[1]) : -1;
        String label = "the proxy " + proxy.label();
        if (code == 200) {
            return Hop.ok(HOP, label + " opened a tunnel to " + authority + " (HTTP CONNECT" + (creds != null ? ", with credentials" : "")
                    + (proxy.headers().isEmpty() ? "" : ", headers " + proxy.headers().keySet()) + ")");
        }
        if (code == 407) {
            return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " answered CONNECT with 407 Proxy Authentication Required"
                    + (creds != null ? ": it refused the credentials in the proxy URL" : ": it needs credentials"),
                    creds != null ? "check the user and password in the proxy URL" : "put them in the proxy URL: http://user:password@proxy:port");
        }
        if (code == 403) {
            return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " answered CONNECT to " + authority + " with 403 Forbidden",
                    "the proxy's rules do not allow this destination: ask its administrator to allow CONNECT to " + authority);
        }
        if (code < 0) {
            return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " did not answer CONNECT like an HTTP proxy (it sent \""
                    + printable(status) + "\")", "check the proxy URL's scheme and port (http://, https:// or socks5://)");
        }
        return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " answered CONNECT to " + authority + " with " + printable(status),
                "check the proxy's logs for why it refused the tunnel");
    }

    private static Hop socks(Socket s, ProxyRoute proxy, String host, int port) throws IOException {
        String label = "the proxy " + proxy.label();
        String info = proxy.url().getRawUserInfo();
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        out.write(Socks5.greeting(info != null));
        out.flush();
        int version;
        try {
            version = in.read();
        } catch (java.net.SocketTimeoutException e) {
            version = -2; // an HTTP proxy waits for the rest of a request line that never comes
        }
        if (version != 5) {
            return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " is not a SOCKS5 proxy: it did not answer the SOCKS5 greeting"
                    + (version == 'H' ? " (it answered like an HTTP proxy)" : version == -2 ? " (it waits for more, as an HTTP proxy does)" : ""), "use the proxy's real scheme in the URL: http:// for an HTTP proxy");
        }
        int method = in.read();
        if (method == 2 && info != null) {
            out.write(Socks5.credentials(info));
            out.flush();
            in.read();
            if (in.read() != 0) {
                return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " refused the SOCKS5 credentials", "check the user and password in the proxy URL");
            }
        } else if (method != 0) {
            return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " accepts none of the offered SOCKS5 authentication methods",
                    method == 2 ? "put the credentials in the proxy URL: socks5://user:password@proxy:port" : "check the proxy's configuration");
        }
        out.write(Socks5.connect(host, port));
        out.flush();
        byte[] head = new byte[4];
        in.readFully(head);
        if (head[1] != 0) {
            return Hop.failed(HOP, ExitCode.UNREACHABLE, label + " refused to connect to " + host + ":" + port + " (SOCKS5 reply " + head[1] + ")",
                    "check that the proxy can reach the Fleet Server and that its rules allow it");
        }
        Socks5.skipBoundAddress(in, head[3]);
        return Hop.ok(HOP, label + " connected to " + host + ":" + port + " (SOCKS5)");
    }

    private static int parseCode(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r' && b.size() < 8192) {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
