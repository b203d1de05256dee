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
import org.junit.jupiter.api.Test;

/** PBKDF2 gives the same bytes from OpenSSL, the JDK and BouncyCastle, and a token hash matches the openssl command's. */
class Pbkdf2Test {
    private static void assumeOpenSsl() {
        if (!Pbkdf2.OpenSsl.available()) {
            System.out.println("Pbkdf2Test: skipped, this host has no libcrypto (OpenSSL); BouncyCastle computes the token hashes");
        }
        assumeTrue(Pbkdf2.OpenSsl.available(), "no libcrypto on this host");
    }

    @Test
    void openSslAndBouncyCastleDeriveTheSameKeys() {
        assumeOpenSsl();
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            byte[] password = new byte[random.nextInt(1, 80)];
            byte[] salt = new byte[16];
            random.nextBytes(password);
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(3000);
            assertArrayEquals(Pbkdf2.sha512Portable(password, salt, iterations, 64),
                    Pbkdf2.OpenSsl.sha512(password, salt, iterations, 64).orElseThrow(), "round " + i);
        }
    }

    @Test
    void theJdkAndBouncyCastleDeriveTheSameStoreKeys() {
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            byte[] password = new byte[i == 0 ? 0 : random.nextInt(1, 200)]; // empty, short, longer than a block
            byte[] salt = new byte[random.nextInt(8, 65)];
            random.nextBytes(password);
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(2000);
            int length = 1 + random.nextInt(100); // more than one block too
            assertArrayEquals(Pbkdf2.sha512Portable(password, salt, iterations, length), Pbkdf2.sha512(password, salt, iterations, length), "sha512 round " + i);
            assertArrayEquals(Pbkdf2.sha256Portable(password, salt, iterations, length), Pbkdf2.sha256(password, salt, iterations, length), "sha256 round " + i);
            if (password.length > 0) {
                assertArrayEquals(Pbkdf2.sha512Portable(password, salt, iterations, length),
                        Pbkdf2.jdk("HmacSHA512", password, salt, iterations, length), "JDK sha512 round " + i);
                assertArrayEquals(Pbkdf2.sha256Portable(password, salt, iterations, length),
                        Pbkdf2.jdk("HmacSHA256", password, salt, iterations, length), "JDK sha256 round " + i);
            }
        }
    }

    @Test
    void onceOpenSslIsInUseTheStoreKeysComeFromItUnchanged() {
        assumeOpenSsl();
        Random random = new Random(13);
        for (int i = 0; i < 10; i++) {
            byte[] password = new byte[random.nextInt(1, 100)];
            byte[] salt = new byte[random.nextInt(8, 65)];
            random.nextBytes(password);
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(2000);
            int length = 1 + random.nextInt(100);
            assertArrayEquals(Pbkdf2.sha256Portable(password, salt, iterations, length),
                    Pbkdf2.OpenSsl.sha256(password, salt, iterations, length).orElseThrow(), "OpenSSL sha256 round " + i);
        }
        Pbkdf2.useNative();
        byte[] password = "the vault's seed".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[32];
        // the store's own round counts (fleet.enc 10 000 rounds of SHA-512, the vault 12 022 of SHA-256)
        assertArrayEquals(Pbkdf2.sha512Portable(password, salt, 10_000, 32), Pbkdf2.sha512(password, salt, 10_000, 32));
        assertArrayEquals(Pbkdf2.sha256Portable(password, salt, 12_022, 32), Pbkdf2.sha256(password, salt, 12_022, 32));
    }

    @Test
    void aKeyDerivedAgainComesBackEqualAndUnsharedWhileOtherInputsGiveOtherKeys() {
        byte[] password = "the agent secret".getBytes(StandardCharsets.US_ASCII);
        byte[] salt = "a salt of sixteen".getBytes(StandardCharsets.US_ASCII);
        byte[] first = Pbkdf2.sha512(password, salt, 10_000, 32);
        first[0] ^= 1; // a caller that scribbles on its key must not change the next caller's
        byte[] again = Pbkdf2.sha512(password, salt, 10_000, 32);
        assertArrayEquals(Pbkdf2.sha512Portable(password, salt, 10_000, 32), again);
        salt[0] ^= 1;
        assertArrayEquals(Pbkdf2.sha512Portable(password, salt, 10_000, 32), Pbkdf2.sha512(password, salt, 10_000, 32));
        assertArrayEquals(Pbkdf2.sha256Portable(password, salt, 10_000, 32), Pbkdf2.sha256(password, salt, 10_000, 32));
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
