package org.fleetagent.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.util.Locale;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * The failures of a connection that was still on its way through a proxy ({@link TunnelPending}): whatever the
 * exception says, the proxy is the peer that failed. The line names the proxy (its URL without credentials) and the
 * likely fix; a proxy that does not speak the protocol its URL's scheme names gets the scheme that fits.
 */
final class ProxyFailures {
    private ProxyFailures() {
    }

    /**
     * @param m   the messages of the cause chain
     * @param hop the failure of the TLS hop to an {@code https://} proxy, or null
     * @return the line for a failure before the tunnel was open, or null when {@code e} is none
     */
    static AgentException explain(IOException e, String m, URI target, ProxyHopException hop) {
        TunnelPending pending = TransportErrors.find(e, TunnelPending.class);
        if (pending == null) {
            return null;
        }
        URI proxy = pending.proxy();
        String at = "the proxy at " + pending.label();
        String scheme = proxy.getScheme().toLowerCase(Locale.ROOT);
        boolean timeout = TransportErrors.find(e, InterruptedIOException.class) != null;
        String plain = "--proxy-url http://" + (proxy.getRawUserInfo() == null ? "" : "user:password@") + proxy.getHost()
                + ":" + ((java.net.InetSocketAddress) Proxies.toProxy(proxy).address()).getPort();
        if (TransportErrors.find(e, ConnectException.class) != null || TransportErrors.find(e, NoRouteToHostException.class) != null) {
            return new AgentException(ExitCode.UNREACHABLE, "connection refused by " + at + ": is it running? check --proxy-url", e);
        }
        SocksGreetingException greeting = TransportErrors.find(e, SocksGreetingException.class);
        if (greeting != null) {
            String what = timeout ? "no answer to the SOCKS5 greeting in time" : closed(m) ? "it closed the connection at the SOCKS5 greeting"
                    : "its answer to the SOCKS5 greeting is not SOCKS5";
            return new AgentException(timeout ? ExitCode.TIMED_OUT : ExitCode.UNREACHABLE, at + " does not speak SOCKS5 (" + what
                    + "): if it is an HTTP proxy, use " + plain, e);
        }
        if (hop != null && hop.inHandshake()) {
            String what = timeout ? "no answer to the TLS handshake in time" : closed(m) ? "it closed the connection in the TLS handshake"
                    : "its answer to the TLS handshake is not TLS";
            return new AgentException(timeout ? ExitCode.TIMED_OUT : ExitCode.UNREACHABLE, at + " does not speak TLS (" + what
                    + "): if it is a plain HTTP proxy, use " + plain, e);
        }
        String connect = "the CONNECT to " + target.getHost() + ":" + port(target);
        if (timeout) {
            return new AgentException(ExitCode.TIMED_OUT, "no answer from " + at + " to " + connect + " in time: check --proxy-url", e);
        }
        if (scheme.startsWith("socks")) {
            // the SOCKS5 client's own refusals (credentials, methods, the destination) name the proxy and the fix already
            String own = m.lines().filter(l -> l.startsWith("the proxy ")).findFirst()
                    .orElse(at + " failed to open the tunnel to " + target.getHost() + ":" + port(target) + " (" + TransportErrors.oneLine(m)
                            + "): check --proxy-url");
            return new AgentException(ExitCode.UNREACHABLE, own, e);
        }
        if (closed(m) && !answeredNoHttp(m)) {
            return new AgentException(ExitCode.UNREACHABLE, at + " closed the connection before answering " + connect
                    + ": check --proxy-url (an HTTP proxy that lets this host in)", e);
        }
        return new AgentException(ExitCode.UNREACHABLE, at + " answered " + connect + " with something that is not a proxy tunnel"
                + " (is it a web server, or a TLS port?): check --proxy-url", e);
    }

    /**
     * The peer sent bytes that hold no HTTP line and hung up, as a TLS port does with a CONNECT: the reader's "\n not
     * found" with a length above zero (zero is a peer that said nothing).
     */
    static boolean answeredNoHttp(String m) {
        return m.matches("(?s).*\\\\n not found: limit=[1-9].*");
    }

    private static boolean closed(String m) {
        return m.contains("Connection reset") || m.contains("unexpected end of stream") || m.contains("Broken pipe")
                || m.contains("closed the connection at") || m.contains("Remote host terminated the handshake");
    }

    private static int port(URI target) {
        return target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }
}
