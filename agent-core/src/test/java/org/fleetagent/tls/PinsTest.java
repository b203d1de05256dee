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
}
