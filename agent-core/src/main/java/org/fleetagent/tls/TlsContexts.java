package org.fleetagent.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.internal.tls.OkHostnameVerifier;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * Builds the {@link TlsContext} of a {@link TlsSettings}. Everything that can be checked before a connection is
 * checked here, each with its own line: unreadable or invalid PEM, a wrong passphrase, a client certificate that
 * does not match its key or is outside its validity, pins with verification off.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @param settings the TLS settings
     * @param role     what the settings are for, in messages: "the Fleet Server", "the proxy"
     */
    public static TlsContext build(TlsSettings settings, String role) {
        return build(settings, role, false);
    }

    /**
     * @param sendExpired whether a client certificate past its end is still sent (the running daemon: the peer's
     *                    refusal is reported and the status names the certificate, instead of no client at all)
     */
    public static TlsContext build(TlsSettings settings, String role, boolean sendExpired) {
        List<Pin> pins = settings.caSha256();
        if (!pins.isEmpty() && settings.verificationMode() == VerificationMode.NONE) {
            throw new AgentException(ExitCode.USAGE, "--ca-sha256 needs certificate verification: it cannot be used with --insecure");
        }
        // User input is checked now (CA files, client key and certificate); the trust store and the JDK's TLS
        // provider are set up on the first TLS connection, so plain-HTTP use never pays for them.
        List<X509Certificate> cas = new ArrayList<>();
        for (String ca : settings.certificateAuthorities()) {
            cas.addAll(Pem.certificates(ca, "the certificate authority"));
        }
        KeyManager[] kms;
        try {
            kms = settings.hasClientCertificate() ? keyManagers(settings, sendExpired) : null;
        } catch (GeneralSecurityException e) {
            throw new AgentException(ExitCode.TLS, "cannot set up TLS for " + role + ": " + e.getMessage(), e);
        }
        VerifyingTrustManager tm = new VerifyingTrustManager(() -> {
            try {
                return pkix(cas);
            } catch (GeneralSecurityException e) {
                throw new java.security.cert.CertificateException("cannot load the trusted certificate authorities: " + e.getMessage(), e);
            }
        }, settings.verificationMode(), pins);
        LazySslSocketFactory factory = new LazySslSocketFactory(() -> {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, new TrustManager[] {tm}, new SecureRandom());
            return ctx.getSocketFactory();
        }, role);
        boolean checksHost = settings.verificationMode() == VerificationMode.FULL
                || settings.verificationMode() == VerificationMode.STRICT;
        HostnameVerifier hv = checksHost ? OkHostnameVerifier.INSTANCE : (host, session) -> true;
        return new TlsContext(factory, tm, hv, checksHost);
    }

    /** The PKIX trust manager of the given CAs, or of the system's trust store when there are none. */
    private static X509ExtendedTrustManager pkix(List<X509Certificate> cas) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (cas.isEmpty()) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                ks.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            int i = 0;
            for (X509Certificate c : cas) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            tmf.init(ks);
        }
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    private static KeyManager[] keyManagers(TlsSettings s, boolean sendExpired) throws GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(s.certificate(), "the client certificate");
        PrivateKey key = Pem.privateKey(s.key(), s.keyPassphrasePath(), "the client key");
        X509Certificate leaf = chain.get(0);
        if (!matches(key, leaf)) {
            throw new AgentException(ExitCode.TLS, "the client key " + Pem.label(s.key()) + " does not belong to the client certificate "
                    + Pem.label(s.certificate()) + " (" + leaf.getSubjectX500Principal() + "): give the key the certificate was issued for");
        }
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            if (sendExpired) {
                return keyStoreManagers(key, chain);
            }
            throw new AgentException(ExitCode.TLS, "the client certificate " + Pem.label(s.certificate()) + " expired on "
                    + leaf.getNotAfter().toInstant() + ": renew it");
        } catch (CertificateNotYetValidException e) {
            throw new AgentException(ExitCode.TLS, "the client certificate " + Pem.label(s.certificate()) + " is not valid before "
                    + leaf.getNotBefore().toInstant() + ": check the clock or the certificate");
        }
        return keyStoreManagers(key, chain);
    }

    private static KeyManager[] keyStoreManagers(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        char[] pw = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        ks.setKeyEntry("client", key, pw, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return kmf.getKeyManagers();
    }

    /** Whether {@code key} is the private half of the certificate's public key: a signature it makes verifies. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm());
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
