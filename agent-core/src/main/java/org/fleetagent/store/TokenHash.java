package org.fleetagent.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The real agent's token hashes ({@code enrollment_token_hash}, {@code replace_token_hash}): PBKDF2-HMAC-SHA512,
 * 210 000 iterations, a 16-byte random salt and a 64-byte key, stored as {@code base64(salt || key)}. They let the
 * agent tell later whether a token is the one it enrolled with, without keeping the token.
 */
public final class TokenHash {
    private static final int ITERATIONS = 210_000;
    private static final int SALT = 16;
    private static final int KEY = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    /** Loads the hashing engine (the host's OpenSSL, slow the first time) without hashing anything. */
    public static void prepare() {
        Pbkdf2.OpenSsl.available();
    }

    public static String hash(String token) {
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        byte[] key = Pbkdf2.preferringOpenSsl().sha512(token.getBytes(StandardCharsets.UTF_8), salt, ITERATIONS, KEY);
        byte[] out = new byte[SALT + KEY];
        System.arraycopy(salt, 0, out, 0, SALT);
        System.arraycopy(key, 0, out, SALT, KEY);
        return Base64.getEncoder().encodeToString(out);
    }

    /** Whether {@code token} is the one {@code stored} was made from (constant time). */
    public static boolean matches(String token, String stored) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored == null ? "" : stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != SALT + KEY) {
            return false;
        }
        byte[] salt = java.util.Arrays.copyOfRange(raw, 0, SALT);
        byte[] expected = java.util.Arrays.copyOfRange(raw, SALT, raw.length);
        return MessageDigest.isEqual(expected, Pbkdf2.preferringOpenSsl().sha512(token.getBytes(StandardCharsets.UTF_8), salt, ITERATIONS, KEY));
    }
}
