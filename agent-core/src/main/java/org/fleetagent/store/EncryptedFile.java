package org.fleetagent.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The real agent's encrypted stream format of fleet.enc (reference/elastic-agent.md §4.4): {@code "v2"}, a 64-byte
 * salt, then blocks {@code nonce(12) || uint32 little-endian length || AES-256-GCM ciphertext and tag}, the key
 * PBKDF2-HMAC-SHA512(password bytes, salt, 10 000 iterations, 32 bytes). The writer emits one block; the reader
 * takes any number. Empty plaintext is an empty file.
 */
public final class EncryptedFile {
    private static final byte[] MAGIC = {'v', '2'};
    private static final int SALT = 64;
    private static final int NONCE = 12;
    private static final int ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptedFile() {
    }

    public static byte[] encrypt(byte[] password, byte[] plaintext) throws GeneralSecurityException {
        return encrypt(Pbkdf2.inJava(), password, plaintext);
    }

    static byte[] encrypt(Pbkdf2 keys, byte[] password, byte[] plaintext) throws GeneralSecurityException {
        if (plaintext.length == 0) {
            return new byte[0];
        }
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key(keys, password, salt), new GCMParameterSpec(128, nonce));
        byte[] sealed = c.doFinal(plaintext);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + SALT + NONCE + 4 + sealed.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put(salt).put(nonce).putInt(sealed.length).put(sealed);
        return out.array();
    }

    /**
     * @throws GeneralSecurityException when the data is not in this format or does not decrypt with the password
     */
    public static byte[] decrypt(byte[] password, byte[] data) throws GeneralSecurityException {
        return decrypt(Pbkdf2.inJava(), password, data);
    }

    static byte[] decrypt(Pbkdf2 keys, byte[] password, byte[] data) throws GeneralSecurityException {
        if (data.length == 0) {
            return new byte[0];
        }
        if (data.length >= MAGIC.length && data[0] == MAGIC[0] && data[1] == MAGIC[1] && data.length < MAGIC.length + SALT) {
            throw new GeneralSecurityException("truncated: " + data.length + " bytes end inside the header");
        }
        if (data.length < MAGIC.length + SALT || data[0] != MAGIC[0] || data[1] != MAGIC[1]) {
            throw new GeneralSecurityException("unknown version: the file does not start with the v2 header");
        }
        byte[] salt = new byte[SALT];
        System.arraycopy(data, MAGIC.length, salt, 0, SALT);
        SecretKeySpec key = key(keys, password, salt);
        ByteBuffer in = ByteBuffer.wrap(data, MAGIC.length + SALT, data.length - MAGIC.length - SALT).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream plain = new ByteArrayOutputStream(data.length);
        while (in.remaining() >= NONCE + 4) {
            byte[] nonce = new byte[NONCE];
            in.get(nonce);
            int len = in.getInt();
            if (len < 16 || len > in.remaining()) {
                throw new GeneralSecurityException("truncated block: " + len + " bytes announced, " + in.remaining() + " left");
            }
            byte[] sealed = new byte[len];
            in.get(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            plain.writeBytes(c.doFinal(sealed));
        }
        // the real reader stops quietly at a short block header; no writer leaves one, so it is a cut-short file
        if (in.hasRemaining() || plain.size() == 0) {
            throw new GeneralSecurityException("truncated: " + data.length + " bytes end inside a block header");
        }
        return plain.toByteArray();
    }

    private static SecretKeySpec key(Pbkdf2 keys, byte[] password, byte[] salt) {
        return new SecretKeySpec(keys.sha512(password, salt, ITERATIONS, 32), "AES");
    }
}
