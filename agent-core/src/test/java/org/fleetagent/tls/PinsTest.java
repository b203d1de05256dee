package org.fleetagent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PinsTest {
    private static final byte[] DIGEST = HexFormat.of().parseHex("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
    private static final String BASE64 = Base64.getEncoder().encodeToString(DIGEST);

    @Test
    void everyCommonFormNormalisesToBase64() {
        assertEquals(BASE64, Pins.normalize(BASE64));
        assertEquals(BASE64, Pins.normalize(HexFormat.of().formatHex(DIGEST)));
        assertEquals(BASE64, Pins.normalize(HexFormat.ofDelimiter(":").withUpperCase().formatHex(DIGEST)), "openssl -fingerprint output");
    }

    @Test
    void somethingElseIsRefusedWithTheForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pins.normalize("abc"));
        assertEquals(true, e.getMessage().contains("base64") && e.getMessage().contains("hex"));
    }

    @Test
    void anElasticsearchFingerprintIsReadInEveryFormOperatorsPaste() throws Exception {
        String hex = HexFormat.of().formatHex(DIGEST);
        String colons = hex.toUpperCase(java.util.Locale.ROOT).replaceAll("(..)(?!$)", "$1:");
        assertEquals(hex, Pins.caFingerprintHex(hex));
        assertEquals(hex, Pins.caFingerprintHex(colons));
        assertEquals(hex, Pins.caFingerprintHex("sha256 Fingerprint=" + colons));
        assertEquals(hex, Pins.caFingerprintHex("SHA256 Fingerprint=" + colons + "\n"));
        assertEquals(hex, Pins.caFingerprintHex(BASE64));

        // the path of the CA's PEM file: the fingerprint of its certificate
        SelfSignedAuthority ca = SelfSignedAuthority.create("es.example");
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("ca", ".pem");
        try {
            java.nio.file.Files.writeString(pem, ca.caPem());
            java.security.cert.X509Certificate cert = Pem.certificates(ca.caPem(), "ca").getFirst();
            String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            assertEquals(expected, Pins.caFingerprintHex(pem.toString()));
        } finally {
            java.nio.file.Files.delete(pem);
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pins.caFingerprintHex("a1b2c3"));
        assertEquals(true, e.getMessage().contains("openssl x509 -noout -fingerprint -sha256"), e.getMessage());
    }
}
