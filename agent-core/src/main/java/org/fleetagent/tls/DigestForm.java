package org.fleetagent.tls;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an operator wrote a SHA-256 digest (a pin or a fingerprint): hex with or without colons in either case, or
 * base64 standard or URL-safe with or without padding, each with an optional {@code sha256:}, {@code SHA256:} or
 * {@code sha256//} prefix. Kept with the digest so that digests shown back to the operator (the pins of the
 * certificates a server sent) are in the form they gave.
 *
 * @param prefix    the prefix as written, or empty
 * @param encoding  hex, colon-separated hex, base64 or URL-safe base64
 * @param upperCase hex digits in upper case
 * @param padded    base64 with its {@code =} padding
 */
public record DigestForm(String prefix, Encoding encoding, boolean upperCase, boolean padded) {
    /** The text encodings of a digest. */
    public enum Encoding { HEX, HEX_COLONS, BASE64, BASE64_URL }

    /** The real agent's form of a pin: standard base64 with padding, no prefix. */
    public static final DigestForm BASE64_STANDARD = new DigestForm("", Encoding.BASE64, false, true);

    /** The forms, for messages. */
    public static final String ACCEPTED = "hex (64 digits, colons allowed, any case) or base64 (standard or URL-safe,"
            + " padding optional), optionally prefixed sha256:, SHA256: or sha256//";

    private static final int SHA256_BYTES = 32;
    private static final int SHA1_BYTES = 20;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern COLON_HEX = Pattern.compile("[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})*");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern BASE64_URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    /** A digest and the form it was written in. */
    public record Read(byte[] digest, DigestForm form) {
    }

    /**
     * Reads a SHA-256 digest in any accepted form.
     *
     * @param what what the digest is, in the message: "SHA-256 pin"
     * @throws IllegalArgumentException naming the accepted forms, and saying so when the value is SHA-1 sized
     */
    public static Read read(String text, String what) {
        String t = text.strip();
        String prefix = "";
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha256//")) {
            prefix = t.substring(0, 8);
        } else if (lower.startsWith("sha256:")) {
            prefix = t.substring(0, 7);
        }
        String body = t.substring(prefix.length());
        Read read = decode(body, prefix);
        if (read != null && read.digest().length == SHA256_BYTES) {
            return read;
        }
        String shown = "\"" + printable(text) + "\"";
        if (read != null && read.digest().length == SHA1_BYTES) {
            throw new IllegalArgumentException(shown + " is 20 bytes long, a SHA-1 digest; give the SHA-256 one as " + ACCEPTED);
        }
        throw new IllegalArgumentException(shown + " is not a " + what + ": give " + ACCEPTED);
    }

    private static Read decode(String body, String prefix) {
        if (HEX.matcher(body).matches() && body.length() % 2 == 0) {
            return new Read(HexFormat.of().parseHex(body), new DigestForm(prefix, Encoding.HEX, hasUpper(body), false));
        }
        if (body.contains(":") && COLON_HEX.matcher(body).matches()) {
            return new Read(HexFormat.of().parseHex(body.replace(":", "")), new DigestForm(prefix, Encoding.HEX_COLONS, hasUpper(body), false));
        }
        boolean standard = BASE64.matcher(body).matches();
        boolean url = BASE64_URL.matcher(body).matches();
        if (!standard && !url) {
            return null;
        }
        String unpadded = body.replace("=", "");
        boolean padded = body.length() != unpadded.length();
        if (padded && body.length() % 4 != 0 || unpadded.length() % 4 == 1) {
            return null;
        }
        try {
            byte[] digest = standard ? Base64.getDecoder().decode(unpadded) : Base64.getUrlDecoder().decode(unpadded);
            return new Read(digest, new DigestForm(prefix, standard ? Encoding.BASE64 : Encoding.BASE64_URL, false, padded));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code digest} written in this form. */
    public String format(byte[] digest) {
        String body = switch (encoding) {
            case HEX -> upperCase ? HexFormat.of().withUpperCase().formatHex(digest) : HexFormat.of().formatHex(digest);
            case HEX_COLONS -> upperCase ? HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest)
                    : HexFormat.ofDelimiter(":").formatHex(digest);
            case BASE64 -> padded ? Base64.getEncoder().encodeToString(digest) : Base64.getEncoder().withoutPadding().encodeToString(digest);
            case BASE64_URL -> padded ? Base64.getUrlEncoder().encodeToString(digest)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        };
        return prefix + body;
    }

    private static boolean hasUpper(String s) {
        return s.chars().anyMatch(c -> c >= 'A' && c <= 'F');
    }

    /** The value for a one-line message: control characters shown as '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
