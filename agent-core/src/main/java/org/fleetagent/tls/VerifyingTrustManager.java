package org.fleetagent.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies a server by the verification mode: the PKIX chain check (with the configured CAs or the system's),
 * then the pins, matched against the presented chain and the trusted CA that issued its top certificate (the
 * real agent matches any certificate of the verified chains). A refused chain is reported with what the server
 * presented. Host names are checked by the caller (OkHttp's verifier, or the JDK's endpoint identification on
 * the proxy hop), except in {@code none} mode, which trusts everything.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
    /** Loads the PKIX trust manager; the system's trust store is costly to load, so only on first use. */
    interface PkixLoader {
        X509ExtendedTrustManager load() throws CertificateException;
    }

    private final VerificationMode mode;
    private final List<Pin> pins;
    private final Lazy<X509ExtendedTrustManager, CertificateException> pkix;

    VerifyingTrustManager(PkixLoader loader, VerificationMode mode, List<Pin> pins) {
        this.pkix = new Lazy<>(loader::load);
        this.mode = mode;
        this.pins = List.copyOf(pins);
    }

    private X509ExtendedTrustManager pkix() throws CertificateException {
        return pkix.get();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, () -> pkix().checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, () -> pkix().checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, () -> pkix().checkServerTrusted(chain, authType));
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void verify(X509Certificate[] chain, Check check) throws CertificateException {
        if (mode == VerificationMode.NONE) {
            return;
        }
        List<X509Certificate> presented = Arrays.asList(chain);
        try {
            check.run();
        } catch (CertificateException e) {
            throw new UntrustedChainException(e.getMessage(), presented, List.of(), null, e);
        }
        if (!pins.isEmpty()) {
            List<X509Certificate> anchors = new ArrayList<>();
            X509Certificate top = chain[chain.length - 1];
            for (X509Certificate anchor : pkix().getAcceptedIssuers()) {
                if (anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && !presented.contains(anchor)) {
                    anchors.add(anchor);
                }
            }
            List<X509Certificate> candidates = new ArrayList<>(presented);
            candidates.addAll(anchors);
            if (!Pins.matchesAny(pins, candidates)) {
                throw new UntrustedChainException("none of the --ca-sha256 pins matches the certificate chain", presented, anchors, pins, null);
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the agent does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the agent does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent does not accept client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return pkix().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
