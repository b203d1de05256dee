package org.fleetagent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * CA pins ({@code --ca-sha256}, {@code ca_sha256}): base64 of the SHA-256 of a certificate's SubjectPublicKeyInfo.
 * Operators paste other forms (user-pains row 15), so hex with or without colons is accepted and normalised.
 */
public final class Pins {
    private Pins() {
    }

    /** The pin of a certificate, in the real agent's form. */
    public static String of(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Normalises a pin to base64.
     *
     * @throws IllegalArgumentException when it is neither base64 nor hex of 32 bytes
     */
    public static String normalize(String pin) {
        String p = pin.trim();
        String hex = p.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() == 64 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        }
        try {
            if (Base64.getDecoder().decode(p).length == 32) {
                return p;
            }
        } catch (IllegalArgumentException e) {
            // not base64 either
        }
        throw new IllegalArgumentException("\"" + pin + "\" is not a SHA-256 pin: give base64 (44 characters) or hex (64 digits, colons allowed)");
    }

    /**
     * Normalises an Elasticsearch CA fingerprint ({@code --fleet-server-es-ca-trusted-fingerprint},
     * {@code ca_trusted_fingerprint}: hex of the SHA-256 of the whole certificate) to lower-case hex without colons.
     * Accepts what operators paste (user-pains row 15): hex with or without colons, openssl's
     * {@code sha256 Fingerprint=AB:CD:...} line, base64 of the 32 bytes, or the path of the CA's PEM file.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static String caFingerprintHex(String fingerprint) {
        String f = fingerprint.trim();
        int eq = f.lastIndexOf('=');
        if (eq > 0 && f.substring(0, eq).toLowerCase(Locale.ROOT).contains("fingerprint")) {
            f = f.substring(eq + 1).trim();
        }
        String hex = f.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() == 64 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return hex;
        }
        if (f.length() == 44 || f.length() == 43) {
            try {
                byte[] b = Base64.getDecoder().decode(f.length() == 43 ? f + "=" : f);
                if (b.length == 32) {
                    return HexFormat.of().formatHex(b);
                }
            } catch (IllegalArgumentException e) {
                // not base64
            }
        }
        if (f.startsWith("/") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(f))) {
            List<X509Certificate> certs = Pem.certificates(f, "the Elasticsearch CA");
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certs.getFirst().getEncoded()));
            } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("\"" + fingerprint + "\" is not a SHA-256 certificate fingerprint: give hex (64 digits, colons"
                + " allowed, as 'openssl x509 -noout -fingerprint -sha256' prints it), base64 of the 32 bytes, or the path of the CA's PEM file");
    }

    /** Whether one of the pins matches one certificate of the chain. */
    public static boolean matchesAny(List<String> pins, List<X509Certificate> chain) {
        for (X509Certificate c : chain) {
            if (pins.contains(of(c))) {
                return true;
            }
        }
        return false;
    }
}
