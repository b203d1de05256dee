package org.fleetagent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Pins and fingerprints as operators paste them (user-pains row 15). CA pins are typed as {@link Pin}; the
 * Elasticsearch CA fingerprint is normalised here to the hex fleet-server wants.
 */
public final class Pins {
    private Pins() {
    }

    /** The pin of a certificate, in the real agent's form. */
    public static String of(X509Certificate cert) {
        return Pin.of(cert).base64();
    }

    /**
     * Normalises an Elasticsearch CA fingerprint ({@code --fleet-server-es-ca-trusted-fingerprint},
     * {@code ca_trusted_fingerprint}: hex of the SHA-256 of the whole certificate) to lower-case hex without colons.
     * Accepts every {@link DigestForm}, openssl's {@code sha256 Fingerprint=AB:CD:...} line, or the path of the CA's
     * PEM file.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static String caFingerprintHex(String fingerprint) {
        String f = fingerprint.strip();
        int eq = f.lastIndexOf('=');
        if (eq > 0 && f.substring(0, eq).toLowerCase(Locale.ROOT).contains("fingerprint")) {
            f = f.substring(eq + 1).strip();
        }
        if (f.startsWith("/") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(f))) {
            List<X509Certificate> certs = Pem.certificates(f, "the Elasticsearch CA");
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certs.getFirst().getEncoded()));
            } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return HexFormat.of().formatHex(DigestForm.read(f, "SHA-256 certificate fingerprint").digest());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + " (as 'openssl x509 -noout -fingerprint -sha256' prints it), or the path of the CA's PEM file", e);
        }
    }

    /** Whether one of the pins matches one certificate of the chain. */
    public static boolean matchesAny(List<Pin> pins, List<X509Certificate> chain) {
        return chain.stream().anyMatch(c -> pins.stream().anyMatch(p -> p.matches(c)));
    }
}
