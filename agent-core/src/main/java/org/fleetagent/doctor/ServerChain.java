package org.fleetagent.doctor;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import okhttp3.internal.tls.OkHostnameVerifier;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.TlsContext;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.UntrustedChainException;
import org.fleetagent.tls.VerificationMode;

/**
 * The TLS hop: a handshake that accepts any chain only to see it, then the agent's own checks on what the server
 * sent, one at a time so each failure is named: validity dates, a configured CA (or the system's) that verifies the
 * chain, the host name, the {@code ca_sha256} pins.
 */
final class ServerChain {
    static final String HOP = "tls";

    /** The chain the server sent (leaf first) and the CA that verified it, when one did. */
    record Seen(List<X509Certificate> chain, X509Certificate anchor) {
    }

    private ServerChain() {
    }

    /** Runs a handshake over {@code s} and records the chain; empty when the server sent none. */
    static List<X509Certificate> capture(Socket s, String host, int port) throws IOException {
        Capturing tm = new Capturing();
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
            // not closed on its own: a TLS close waits for the peer's close_notify; the caller closes the TCP socket
            SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(s, host, port, false);
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                if (tm.chain.isEmpty()) {
                    throw e;
                }
                // the chain was seen; a server that wants a client certificate may close the handshake after it
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return tm.chain;
    }

    /**
     * Checks the chain with the agent's TLS settings; a failed hop, or OK with what verified it.
     *
     * @param fingerprinted an output's ca_trusted_fingerprint names a certificate of the chain, which then counts as its CA
     */
    static Hop verify(List<X509Certificate> chain, String host, TlsSettings settings, TlsContext ctx, Clock clock, Peer peer,
                      boolean fingerprinted) {
        X509Certificate leaf = chain.getFirst();
        if (settings.verificationMode() == VerificationMode.NONE) {
            return Hop.ok(HOP, "handshake done; the certificate is not verified (--insecure, verification_mode: none)");
        }
        Date now = Date.from(clock.instant());
        for (X509Certificate c : chain) {
            if (c.getNotAfter().before(now)) {
                return Hop.failed(HOP, ExitCode.TLS, "the certificate \"" + c.getSubjectX500Principal().getName() + "\" sent by the server expired on "
                        + c.getNotAfter().toInstant(), peer.renew());
            }
            if (c.getNotBefore().after(now)) {
                return Hop.failed(HOP, ExitCode.TLS, "the certificate \"" + c.getSubjectX500Principal().getName() + "\" is not valid before "
                        + c.getNotBefore().toInstant(), "check this host's clock and the server's");
            }
        }
        X509TrustManager tm = ctx.trustManager();
        String source = fingerprinted ? "ca_trusted_fingerprint"
                : settings.certificateAuthorities().isEmpty() ? "the system trust store" : peer.caSetting();
        try {
            if (!fingerprinted) {
                tm.checkServerTrusted(chain.toArray(new X509Certificate[0]), "UNKNOWN");
            }
        } catch (UntrustedChainException e) {
            if (e.pinMismatch()) {
                return Hop.failed(HOP, ExitCode.TLS, "none of the ca_sha256 pins " + e.pins() + " matches a certificate of the chain: "
                        + describe(chain), "check the pin out of band; doctor --print-pin shows the server's");
            }
            X509Certificate top = chain.getLast();
            return Hop.failed(HOP, ExitCode.TLS, "no CA in " + source + " verifies the chain the server sent: " + describe(chain)
                    + "; it is issued by \"" + top.getIssuerX500Principal().getName() + "\"",
                    peer.caFix());
        } catch (CertificateException e) {
            return Hop.failed(HOP, ExitCode.TLS, "the chain the server sent was refused: " + e.getMessage(), "check the certificate of " + peer.name());
        }
        X509Certificate anchor = ctx.anchorOf(chain);
        if (ctx.checksHostname() && !OkHostnameVerifier.INSTANCE.verify(host, leaf)) {
            return Hop.failed(HOP, ExitCode.TLS, "the certificate \"" + leaf.getSubjectX500Principal().getName() + "\" is not valid for the name "
                    + host + " (it is valid for " + CertificateFacts.of("", leaf, clock).names() + ")",
                    "use a name the certificate holds in the URL, or get a certificate for " + host);
        }
        String by = fingerprinted ? " by its ca_trusted_fingerprint" : anchor == null ? "" : " by the CA \"" + anchor.getSubjectX500Principal().getName() + "\" from " + source;
        return Hop.ok(HOP, "the chain " + subjects(chain) + " is verified" + by
                + (ctx.checksHostname() ? ", valid for " + host : ", host name not checked (verification_mode " + settings.verificationMode() + ")")
                + (settings.caSha256().isEmpty() ? "" : ", a ca_sha256 pin matches"));
    }

    private static String describe(List<X509Certificate> chain) {
        List<String> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add("\"" + c.getSubjectX500Principal().getName() + "\" (pin " + Pin.of(c).base64() + ")");
        }
        return String.join(", ", out);
    }

    private static String subjects(List<X509Certificate> chain) {
        return chain.stream().map(c -> "\"" + c.getSubjectX500Principal().getName() + "\"").toList().toString();
    }

    /** Accepts anything, keeping what the server sent. */
    private static final class Capturing implements X509TrustManager {
        private List<X509Certificate> chain = List.of();

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType) {
            chain = List.copyOf(Arrays.asList(c));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
