package org.fleetagent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** PBKDF2 gives BouncyCastle's bytes from the JDK and from OpenSSL, and a token hash matches the openssl command's. */
class Pbkdf2Test {
    /** The reference: BouncyCastle's PBKDF2, which takes the password as raw bytes too. */
    private static byte[] reference(boolean sha512, byte[] password, byte[] salt, int iterations, int length) {
        Digest digest = sha512 ? new SHA512Digest() : new SHA256Digest();
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(digest);
        gen.init(password, salt, iterations);
        return ((KeyParameter) gen.generateDerivedParameters(length * 8)).getKey();
    }

    private static void assumeOpenSsl() {
        if (!Pbkdf2.OpenSsl.available()) {
            System.out.println("Pbkdf2Test: skipped, this host has no libcrypto (OpenSSL); the JDK computes the token hashes");
        }
        assumeTrue(Pbkdf2.OpenSsl.available(), "no libcrypto on this host");
    }

    @Test
    void theJdkDerivesBouncyCastlesKeysEvenForAnEmptyPassword() {
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            byte[] password = new byte[i == 0 ? 0 : random.nextInt(1, 200)]; // empty, short, longer than a block
            byte[] salt = new byte[random.nextInt(8, 65)];
            random.nextBytes(password);
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(2000);
            int length = 1 + random.nextInt(100); // more than one block too
            assertArrayEquals(reference(true, password, salt, iterations, length), Pbkdf2.jdk("HmacSHA512", password, salt, iterations, length), "sha512 round " + i);
            assertArrayEquals(reference(false, password, salt, iterations, length), Pbkdf2.jdk("HmacSHA256", password, salt, iterations, length), "sha256 round " + i);
        }
    }

    @Test
    void openSslDerivesBouncyCastlesKeys() {
        assumeOpenSsl();
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            byte[] password = new byte[i == 0 ? 0 : random.nextInt(1, 80)];
            byte[] salt = new byte[16];
            random.nextBytes(password);
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(3000);
            assertArrayEquals(reference(true, password, salt, iterations, 64), Pbkdf2.OpenSsl.sha512(password, salt, iterations, 64).orElseThrow(), "sha512 round " + i);
            assertArrayEquals(reference(false, password, salt, iterations, 40), Pbkdf2.OpenSsl.sha256(password, salt, iterations, 40).orElseThrow(), "sha256 round " + i);
        }
    }

    @Test
    void bothKindsOfInstanceDeriveTheStoresKeysAlike() {
        byte[] password = "the vault's seed".getBytes(StandardCharsets.UTF_8);
        byte[] salt = new byte[32];
        // the store's own round counts (fleet.enc 10 000 rounds of SHA-512, the vault 12 022 of SHA-256)
        for (Pbkdf2 keys : new Pbkdf2[] {Pbkdf2.inJava(), Pbkdf2.preferringOpenSsl()}) {
            assertArrayEquals(reference(true, password, salt, 10_000, 32), keys.sha512(password, salt, 10_000, 32));
            assertArrayEquals(reference(false, password, salt, 12_022, 32), keys.sha256(password, salt, 12_022, 32));
        }
    }

    @Test
    void aKeyDerivedAgainComesBackEqualAndUnsharedWhileOtherInputsGiveOtherKeys() {
        Pbkdf2 keys = Pbkdf2.inJava();
        byte[] password = "the agent secret".getBytes(StandardCharsets.US_ASCII);
        byte[] salt = "a salt of sixteen".getBytes(StandardCharsets.US_ASCII);
        byte[] first = keys.sha512(password, salt, 10_000, 32);
        first[0] ^= 1; // a caller that scribbles on its key must not change the next caller's
        assertArrayEquals(reference(true, password, salt, 10_000, 32), keys.sha512(password, salt, 10_000, 32));
        salt[0] ^= 1;
        assertArrayEquals(reference(true, password, salt, 10_000, 32), keys.sha512(password, salt, 10_000, 32));
        assertArrayEquals(reference(false, password, salt, 10_000, 32), keys.sha256(password, salt, 10_000, 32));
    }

    @Test
    void aTokenHashIsTheRealAgentsPbkdf2AsTheOpensslCommandComputesIt() throws IOException, InterruptedException {
        String token = "dGhpcyBpcyBhbiBlbnJvbGxtZW50IHRva2Vu";
        String stored = TokenHash.hash(token);
        byte[] raw = Base64.getDecoder().decode(stored);
        assertEquals(80, raw.length);
        String salt = HexFormat.of().formatHex(raw, 0, 16);
        Process p = new ProcessBuilder("openssl", "kdf", "-keylen", "64", "-kdfopt", "digest:SHA512", "-kdfopt", "pass:" + token,
                "-kdfopt", "hexsalt:" + salt, "-kdfopt", "iter:210000", "PBKDF2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(out.replace(":", "").toLowerCase(), HexFormat.of().formatHex(raw, 16, 80));
        assertTrue(TokenHash.matches(token, stored));
    }
}
