package org.fleetagent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * A CA pin ({@code --ca-sha256}, {@code ca_sha256}): the SHA-256 of a certificate's SubjectPublicKeyInfo, read once
 * where it enters (flag, stored configuration) from any {@link DigestForm}. Stored in the real agent's form,
 * {@link #base64()}; shown back to the operator in the form they gave. Equal when the digests are equal.
 */
public final class Pin {
    private final byte[] digest;
    private final DigestForm form;

    private Pin(byte[] digest, DigestForm form) {
        this.digest = digest.clone();
        this.form = form;
    }

    /**
     * Reads a pin written in any accepted form.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Pin parse(String text) {
        DigestForm.Read read = DigestForm.read(text, "SHA-256 pin");
        return new Pin(read.digest(), read.form());
    }

    /** The pin of a certificate, in the real agent's form. */
    public static Pin of(X509Certificate cert) {
        return new Pin(spkiSha256(cert), DigestForm.BASE64_STANDARD);
    }

    /** Standard base64 with padding: how the real agent writes and compares pins, and how they are stored. */
    public String base64() {
        return Base64.getEncoder().encodeToString(digest);
    }

    /** The form the pin was given in. */
    public DigestForm form() {
        return form;
    }

    /** Whether this is the pin of {@code cert}. */
    public boolean matches(X509Certificate cert) {
        return MessageDigest.isEqual(digest, spkiSha256(cert));
    }

    /** The pin of {@code cert}, written in the form of this pin. */
    public String pinOf(X509Certificate cert) {
        return form.format(spkiSha256(cert));
    }

    /** Whether this pin is the SHA-256 of the whole certificate (its fingerprint) rather than of its public key. */
    public boolean isFingerprintOf(X509Certificate cert) {
        try {
            return MessageDigest.isEqual(digest, MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static byte[] spkiSha256(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pin p && Arrays.equals(digest, p.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** The pin as the operator wrote it (normalised to its form). */
    @Override
    public String toString() {
        return form.format(digest);
    }
}
