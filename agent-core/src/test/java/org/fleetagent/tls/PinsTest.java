package org.fleetagent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PinsTest {
    /** Starts with fb ef ff so that its base64 holds '+' and '/' and the URL-safe form differs. */
    private static final byte[] DIGEST = HexFormat.of().parseHex("fbefffd4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
    private static final String HEX = HexFormat.of().formatHex(DIGEST);
    private static final String HEX_UPPER = HEX.toUpperCase(Locale.ROOT);
    private static final String COLONS = HexFormat.ofDelimiter(":").formatHex(DIGEST);
    private static final String COLONS_UPPER = COLONS.toUpperCase(Locale.ROOT);
    private static final String B64 = Base64.getEncoder().encodeToString(DIGEST);
    private static final String B64_RAW = Base64.getEncoder().withoutPadding().encodeToString(DIGEST);
    private static final String URL = Base64.getUrlEncoder().encodeToString(DIGEST);
    private static final String URL_RAW = Base64.getUrlEncoder().withoutPadding().encodeToString(DIGEST);
    private static final byte[] SHA1 = HexFormat.of().parseHex("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4");

    /** Every accepted form: what is given, and how a digest is shown back in that form. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("hex, lower case", HEX, HEX),
                Arguments.of("hex, upper case", HEX_UPPER, HEX_UPPER),
                Arguments.of("hex, mixed case", HEX.substring(0, 32) + HEX_UPPER.substring(32), HEX_UPPER),
                Arguments.of("hex with colons, lower case", COLONS, COLONS),
                Arguments.of("hex with colons, upper case (openssl -fingerprint)", COLONS_UPPER, COLONS_UPPER),
                Arguments.of("base64", B64, B64),
                Arguments.of("base64 without padding", B64_RAW, B64_RAW),
                Arguments.of("base64url", URL, URL),
                Arguments.of("base64url without padding", URL_RAW, URL_RAW),
                Arguments.of("sha256: and base64", "sha256:" + B64, "sha256:" + B64),
                Arguments.of("SHA256: and hex with colons", "SHA256:" + COLONS_UPPER, "SHA256:" + COLONS_UPPER),
                Arguments.of("sha256// and base64 (curl --pinnedpubkey)", "sha256//" + B64, "sha256//" + B64),
                Arguments.of("sha256// and base64url without padding", "sha256//" + URL_RAW, "sha256//" + URL_RAW),
                Arguments.of("sha256: and hex", "sha256:" + HEX, "sha256:" + HEX),
                Arguments.of("spaces around", "  " + B64 + "\n", B64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void everyFormIsReadAsTheSamePinAndShownBackInItsForm(String name, String given, String shownAs) {
        Pin pin = Pin.parse(given);
        assertEquals(B64, pin.base64(), "stored in the real agent's form");
        assertEquals(Pin.parse(B64), pin);
        assertEquals(shownAs, pin.toString());
        assertEquals(HEX, Pins.caFingerprintHex(given), "the Elasticsearch CA fingerprint takes the same forms");
    }

    /** Every refused form, with what the message must say besides the accepted forms. */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("empty", "", "is not a SHA-256 pin"),
                Arguments.of("too short", "abc", "is not a SHA-256 pin"),
                Arguments.of("SHA-1 hex", HexFormat.of().formatHex(SHA1), "SHA-1"),
                Arguments.of("SHA-1 hex with colons", HexFormat.ofDelimiter(":").withUpperCase().formatHex(SHA1), "SHA-1"),
                Arguments.of("SHA-1 base64", Base64.getEncoder().encodeToString(SHA1), "SHA-1"),
                Arguments.of("SHA-1 base64url without padding", "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(SHA1), "SHA-1"),
                Arguments.of("SHA-512 hex", HEX + HEX, "is not a SHA-256 pin"),
                Arguments.of("63 hex digits", HEX.substring(1), "is not a SHA-256 pin"),
                Arguments.of("a non-hex digit", "g" + HEX.substring(1), "is not a SHA-256 pin"),
                Arguments.of("colons in the wrong places", "f" + COLONS.substring(2).replace(":", "") + ":f", "is not a SHA-256 pin"),
                Arguments.of("31 bytes in base64", Base64.getEncoder().encodeToString(new byte[31]), "is not a SHA-256 pin"),
                Arguments.of("33 bytes in base64", Base64.getEncoder().encodeToString(new byte[33]), "is not a SHA-256 pin"),
                Arguments.of("both base64 alphabets", "+_" + B64.substring(2), "is not a SHA-256 pin"),
                Arguments.of("padding inside", B64.substring(0, 20) + "=" + B64.substring(21), "is not a SHA-256 pin"),
                Arguments.of("wrong padding", B64_RAW + "==", "is not a SHA-256 pin"),
                Arguments.of("a sha1: prefix", "sha1:" + B64, "is not a SHA-256 pin"),
                Arguments.of("a prefix alone", "sha256:", "is not a SHA-256 pin"),
                Arguments.of("a space inside", B64.substring(0, 10) + " " + B64.substring(10), "is not a SHA-256 pin"),
                Arguments.of("a line break inside", B64.substring(0, 10) + "\n" + B64.substring(10), "is not a SHA-256 pin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void anythingElseIsRefusedInOneLineListingTheForms(String name, String given, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pin.parse(given));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().contains(DigestForm.ACCEPTED), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pins.caFingerprintHex(given), "the fingerprint refuses it too");
    }

    @Test
    void aCertificatesPinIsShownInTheFormOfTheGivenPin() throws Exception {
        X509Certificate cert = Pem.certificates(SelfSignedAuthority.create("fleet.example").caPem(), "ca").getFirst();
        byte[] spki = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
        Pin right = Pin.parse(HexFormat.ofDelimiter(":").withUpperCase().formatHex(spki));
        Pin wrong = Pin.parse("sha256//" + URL_RAW);

        assertTrue(right.matches(cert));
        assertFalse(wrong.matches(cert));
        assertTrue(Pins.matchesAny(List.of(wrong, right), List.of(cert)));
        assertEquals("sha256//" + Base64.getUrlEncoder().withoutPadding().encodeToString(spki), wrong.pinOf(cert));
        assertEquals(Base64.getEncoder().encodeToString(spki), Pins.of(cert), "the real agent's form");

        Pin fingerprint = Pin.parse(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
        assertTrue(fingerprint.isFingerprintOf(cert), "a whole-certificate fingerprint is recognised, to say so");
        assertFalse(fingerprint.matches(cert), "but it is not the pin of the public key");
    }

    @Test
    void anElasticsearchFingerprintIsAlsoReadFromOpensslsLineAndFromThePemFile() throws Exception {
        assertEquals(HEX, Pins.caFingerprintHex("sha256 Fingerprint=" + COLONS_UPPER));
        assertEquals(HEX, Pins.caFingerprintHex("SHA256 Fingerprint=" + COLONS_UPPER + "\n"));

        SelfSignedAuthority ca = SelfSignedAuthority.create("es.example");
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("ca", ".pem");
        try {
            java.nio.file.Files.writeString(pem, ca.caPem());
            X509Certificate cert = Pem.certificates(ca.caPem(), "ca").getFirst();
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            assertEquals(expected, Pins.caFingerprintHex(pem.toString()));
        } finally {
            java.nio.file.Files.delete(pem);
        }

        IllegalArgumentException sha1 = assertThrows(IllegalArgumentException.class,
                () -> Pins.caFingerprintHex("SHA1 Fingerprint=" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(SHA1)));
        assertTrue(sha1.getMessage().contains("SHA-1"), sha1.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pins.caFingerprintHex("a1b2c3"));
        assertTrue(e.getMessage().contains("openssl x509 -noout -fingerprint -sha256"), e.getMessage());
        assertTrue(e.getMessage().contains("\"a1b2c3\""), e.getMessage());
    }
}
