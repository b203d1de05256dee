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
