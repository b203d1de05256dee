package org.fleetagent.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.UntrustedChainException;

/**
 * Turns a transport failure into one line that names the failing hop (the proxy or Fleet Server), the cause and
 * the fix, with its exit code: 3 when a peer cannot be reached (DNS, TCP, a proxy refusing the tunnel), 4 for
 * TLS. A refused certificate chain is described by what the server presented: each certificate's subject and pin
 * (in the form the operator gave their pins), so the operator can check them and pass the CA or the right pin.
 * {@code --insecure} is never suggested.
 */
public final class TransportErrors {
    private TransportErrors() {
    }

    /**
     * @param target the URL that was called
     * @param s      the settings the client was built from (to name the proxy)
     */
    public static AgentException classify(IOException e, String target, TransportSettings s) {
        URI t = URI.create(target);
        String fleetPeer = "the Fleet Server at " + t.getHost() + (t.getPort() > 0 ? ":" + t.getPort() : "");
        URI proxy = s == null || s.proxy() == null ? null : s.proxy().url();
        String proxyLabel = proxy == null ? "the proxy" : "the proxy " + Proxies.redact(proxy);

        ProxyHopException hop = find(e, ProxyHopException.class);
        String peer = hop != null ? "the proxy " + hop.proxy() : fleetPeer;

        UnknownHostException unknown = find(e, UnknownHostException.class);
        if (unknown != null) {
            String host = hostOf(unknown);
            if (proxy != null && proxy.getHost().equalsIgnoreCase(host)) {
                return new AgentException(ExitCode.UNREACHABLE, "cannot resolve the proxy host " + host + ": check --proxy-url", e);
            }
            return new AgentException(ExitCode.UNREACHABLE, "cannot resolve " + (host.isEmpty() ? t.getHost() : host)
                    + ": the host name does not exist in DNS; check the host name in --url", e);
        }
        String m = messages(e);
        if (m.contains("Unexpected response code for CONNECT")) {
            String code = m.replaceAll("(?s).*Unexpected response code for CONNECT: (\\d+).*", "$1");
            return new AgentException(ExitCode.UNREACHABLE, proxyLabel + " refused to open a tunnel to " + t.getHost()
                    + ": it answered CONNECT with HTTP " + code + (code.equals("403") ? " Forbidden: the proxy's rules do not allow this destination" : ""), e);
        }
        if (m.contains("Failed to authenticate with proxy")) {
            return new AgentException(ExitCode.UNREACHABLE, proxyLabel + " requires credentials (HTTP 407 Proxy Authentication Required):"
                    + " put them in the proxy URL, http://user:password@proxy:port, or check them", e);
        }
        UntrustedChainException untrusted = find(e, UntrustedChainException.class);
        if (untrusted != null) {
            return new AgentException(ExitCode.TLS, describeUntrusted(peer, untrusted), e);
        }
        SSLPeerUnverifiedException unverified = find(e, SSLPeerUnverifiedException.class);
        if (unverified != null) {
            return new AgentException(ExitCode.TLS, "the certificate of " + peer + " is not valid for the name " + t.getHost()
                    + namesIn(unverified.getMessage()) + ": use a name the certificate holds in --url, or get a certificate for this name", e);
        }
        if (m.contains("certificate_required") || m.contains("bad_certificate") || m.contains("certificate_unknown")
                || m.contains("unknown_ca") || m.contains("handshake_failure") && hop != null) {
            return new AgentException(ExitCode.TLS, peer + " refused the TLS handshake because it requires a client certificate it trusts"
                    + " (" + alert(m) + "): pass --elastic-agent-cert and --elastic-agent-cert-key with a certificate issued by the CA it trusts"
                    + (hop != null ? " (or --proxy-cert and --proxy-cert-key)" : ""), e);
        }
        if (hop != null && (m.contains("Broken pipe") || m.contains("Connection reset") || m.contains("unexpected end of stream"))) {
            return new AgentException(ExitCode.TLS, peer + " closed the TLS connection right after the handshake: it most likely"
                    + " requires a client certificate it trusts; pass --elastic-agent-cert and --elastic-agent-cert-key (or --proxy-cert"
                    + " and --proxy-cert-key for a certificate of its own)", e);
        }
        AgentException viaProxy = ProxyFailures.explain(e, m, t, hop);
        if (viaProxy != null) {
            return viaProxy;
        }
        if (closedInHandshake(e, m)) {
            return new AgentException(ExitCode.FAILURE, peer + " closed the connection during the TLS handshake: check that --url names"
                    + " a Fleet Server (and its scheme, http or https)", e);
        }
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null) {
            return new AgentException(ExitCode.TLS, "TLS with " + peer + " failed: " + oneLine(String.valueOf(ssl.getMessage())), e);
        }
        ConnectException refused = find(e, ConnectException.class);
        if (refused != null || find(e, NoRouteToHostException.class) != null) {
            if (proxy != null && m.contains(proxy.getHost())) {
                return new AgentException(ExitCode.UNREACHABLE, "connection refused by " + proxyLabel + ": is it running? check --proxy-url", e);
            }
            return new AgentException(ExitCode.UNREACHABLE, "connection refused by " + target + " (" + oneLine(m) + ")", e);
        }
        if (proxy != null && m.contains("unexpected end of stream")) {
            return new AgentException(ExitCode.UNREACHABLE, proxyLabel + " closed the connection without an answer", e);
        }
        if (find(e, InterruptedIOException.class) != null) {
            return new AgentException(ExitCode.TIMED_OUT, "no answer from " + peer + " in time", e);
        }
        if (m.contains("unexpected end of stream") || m.contains("Connection reset")) {
            return new AgentException(ExitCode.FAILURE, peer + " closed the connection without an answer: check that --url names"
                    + " a Fleet Server (and its scheme, http or https)", e);
        }
        return new AgentException(ExitCode.FAILURE, "request to " + target + " failed: " + oneLine(m), e);
    }

    /** The host name (of Fleet Server or a proxy) that DNS did not know, when that is the cause. */
    public static java.util.Optional<String> unresolvedHost(IOException e) {
        UnknownHostException u = find(e, UnknownHostException.class);
        return u == null ? java.util.Optional.empty() : java.util.Optional.of(hostOf(u));
    }

    /** Whether retrying can help: refused connections, timeouts and dropped connections, not DNS, TLS or proxy rules. */
    public static boolean isRetryable(IOException e) {
        if (closedInHandshake(e, messages(e))) {
            return true; // a peer that hangs up may be restarting, as with a dropped plain connection
        }
        if (find(e, UnknownHostException.class) != null || find(e, SSLException.class) != null
                || find(e, UntrustedChainException.class) != null) {
            return false;
        }
        String m = messages(e);
        if (m.contains("Unexpected response code for CONNECT") || m.contains("Failed to authenticate with proxy")
                || find(e, TunnelPending.class) != null && ProxyFailures.answeredNoHttp(m)) {
            return false; // a proxy's rules, or a peer that is no proxy: the same answer next time
        }
        return find(e, ConnectException.class) != null || find(e, InterruptedIOException.class) != null
                || find(e, NoRouteToHostException.class) != null || m.contains("unexpected end of stream")
                || m.contains("Connection reset");
    }

    /** The peer hung up before the handshake finished (not a certificate or protocol refusal of TLS itself). */
    private static boolean closedInHandshake(IOException e, String m) {
        return find(e, ProxyHopException.class) == null && find(e, SSLException.class) != null
                && (m.contains("Remote host terminated the handshake") || find(e, java.io.EOFException.class) != null
                || m.contains("Connection reset") && !m.contains("alert"));
    }

    private static String describeUntrusted(String peer, UntrustedChainException u) {
        List<X509Certificate> chain = u.presented();
        X509Certificate top = chain.get(chain.size() - 1);
        X509Certificate leaf = chain.get(0);
        Throwable root = u;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof CertificateExpiredException) {
            return "the certificate of " + peer + " (" + leaf.getSubjectX500Principal().getName() + ") expired on "
                    + leaf.getNotAfter().toInstant() + ": renew the server certificate";
        }
        if (root instanceof CertificateNotYetValidException) {
            return "the certificate of " + peer + " is not valid before " + leaf.getNotBefore().toInstant() + ": check the clocks";
        }
        if (u.pinMismatch()) {
            Pin given = u.pins().getFirst();
            StringBuilder b = new StringBuilder(peer).append(" sent ").append(certificates(chain, given))
                    .append(u.anchors().isEmpty() ? "" : ", issued by the trusted CA " + certificates(u.anchors(), given))
                    .append("; none matches the --ca-sha256 pins");
            boolean fingerprint = false;
            for (Pin p : u.pins()) {
                for (X509Certificate c : concat(chain, u.anchors())) {
                    if (p.isFingerprintOf(c)) {
                        fingerprint = true;
                        b.append("; ").append(p).append(" is the fingerprint of the whole certificate \"")
                                .append(c.getSubjectX500Principal().getName()).append("\", a pin is the SHA-256 of its public key: use ")
                                .append(p.pinOf(c));
                    }
                }
            }
            return fingerprint ? b.toString() : b.append(": pin the CA you trust, once you checked its pin out of band").toString();
        }
        return peer + " presented a certificate chain issued by \"" + top.getIssuerX500Principal().getName()
                + "\" that this agent does not trust (it sent " + certificates(chain, null)
                + "): pass that CA with --certificate-authorities <file>";
    }

    /** Each certificate as its subject and its pin, in the form of {@code form} (or the real agent's form). */
    private static String certificates(List<X509Certificate> certs, Pin form) {
        List<String> shown = new ArrayList<>();
        for (X509Certificate c : certs) {
            shown.add("\"" + c.getSubjectX500Principal().getName() + "\" (pin " + (form == null ? Pin.of(c).base64() : form.pinOf(c)) + ")");
        }
        return String.join(", ", shown);
    }

    private static List<X509Certificate> concat(List<X509Certificate> a, List<X509Certificate> b) {
        List<X509Certificate> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String namesIn(String message) {
        if (message == null) {
            return "";
        }
        int i = message.indexOf("subjectAltNames:");
        return i < 0 ? "" : " (it is valid for " + message.substring(i + "subjectAltNames:".length()).trim() + ")";
    }

    private static String alert(String m) {
        int i = m.indexOf("Received fatal alert:");
        if (i < 0) {
            return "TLS alert";
        }
        String rest = m.substring(i).split("[;\\n]")[0];
        return rest.trim();
    }

    private static String hostOf(UnknownHostException u) {
        String m = u.getMessage() == null ? "" : u.getMessage();
        int colon = m.indexOf(':');
        String h = colon > 0 ? m.substring(0, colon) : m;
        return h.replace("Unable to resolve host ", "").replace("\"", "").trim();
    }

    /** The distinct messages of a cause chain on one line: an error is one line of the log. */
    static String oneLine(String messages) {
        return String.join(": ", messages.lines().map(String::strip).filter(l -> !l.isEmpty() && !"null".equals(l)).distinct().toList());
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        Collection<Throwable> seen = new ArrayList<>();
        for (Throwable t = e; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            b.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                b.append(s.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Collection<Throwable> seen = new ArrayList<>();
        for (Throwable t = e; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }
}
