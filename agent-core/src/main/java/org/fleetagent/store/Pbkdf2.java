package org.fleetagent.store;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PBKDF2 over a raw byte password, as the real agent's Go code computes it. The JDK's {@code PBEKeySpec} takes a
 * {@code char[]} and would encode the bytes first, giving another key; so the derivation is RFC 8018's loop over
 * the JDK's HMAC, which takes the bytes as they are. An instance that prefers the host's OpenSSL
 * ({@code PKCS5_PBKDF2_HMAC} in libcrypto through JNA, the same function) sends derivations there when libcrypto
 * is present: a token hash (210 000 rounds of HMAC-SHA512) takes 0.15 s there and 0.5 s in Java under the client
 * compiler the launcher uses, while the daemon, which derives only the store's short keys, does not load JNA and
 * libcrypto at all (they would cost it memory). Figures in docs/performance.md; Pbkdf2Test holds both to
 * BouncyCastle's and the openssl command's results.
 *
 * <p>The store's keys are derived again from the same inputs whenever the same files are read again (a daemon
 * restart reads the vault and fleet.enc it read at start; the Fleet Server bootstrap writes, reads back, writes and
 * reads again): an instance keeps its last few short derivations, by a digest of their inputs, so that its owner
 * does not spend its time deriving them again. The owner holds the decrypted store anyway; these keys are no more
 * secret than that. Token hashes are not kept.
 */
final class Pbkdf2 {
    /** Below this many rounds a derivation is a store key: kept, and in the JDK unless OpenSSL is preferred. */
    static final int STORE_KEY_ITERATIONS_BELOW = 100_000;
    private static final int KEPT = 8;

    /** Computes one derivation. */
    @FunctionalInterface
    interface Engine {
        byte[] derive(boolean sha512, byte[] password, byte[] salt, int iterations, int length);
    }

    private final Engine engine;
    private final Map<String, byte[]> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEPT;
        }
    };

    private Pbkdf2(Engine engine) {
        this.engine = engine;
    }

    /** Derivations in the JDK: what the daemon and the read-only commands use. */
    static Pbkdf2 inJava() {
        return new Pbkdf2(Pbkdf2::inJdk);
    }

    /** Derivations in the host's OpenSSL where there is one (JDK otherwise): for commands that hash tokens. */
    static Pbkdf2 preferringOpenSsl() {
        return new Pbkdf2((sha512, password, salt, iterations, length) -> OpenSsl.derive(sha512, password, salt, iterations, length)
                .orElseGet(() -> inJdk(sha512, password, salt, iterations, length)));
    }

    /** Keys from another engine, for tests only: the fuzzer reads damaged stores at the parsers' speed with a cheap one. */
    static Pbkdf2 computedBy(Engine engine) {
        return new Pbkdf2(engine);
    }

    byte[] sha256(byte[] password, byte[] salt, int iterations, int length) {
        return derive(false, password, salt, iterations, length);
    }

    byte[] sha512(byte[] password, byte[] salt, int iterations, int length) {
        return derive(true, password, salt, iterations, length);
    }

    private byte[] derive(boolean sha512, byte[] password, byte[] salt, int iterations, int length) {
        if (iterations >= STORE_KEY_ITERATIONS_BELOW) {
            return compute(sha512, password, salt, iterations, length);
        }
        String id = inputsDigest(sha512, password, salt, iterations, length);
        byte[] key;
        synchronized (recent) {
            key = recent.get(id);
        }
        if (key == null) {
            key = compute(sha512, password, salt, iterations, length);
            synchronized (recent) {
                recent.put(id, key);
            }
        }
        return key.clone();
    }

    private byte[] compute(boolean sha512, byte[] password, byte[] salt, int iterations, int length) {
        return engine.derive(sha512, password, salt, iterations, length);
    }

    private static byte[] inJdk(boolean sha512, byte[] password, byte[] salt, int iterations, int length) {
        return jdk(sha512 ? "HmacSHA512" : "HmacSHA256", password, salt, iterations, length);
    }

    private static String inputsDigest(boolean sha512, byte[] password, byte[] salt, int iterations, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(((sha512 ? "sha512" : "sha256") + "/" + iterations + "/" + length + "/" + password.length + "/").getBytes(StandardCharsets.US_ASCII));
            d.update(password);
            d.update(salt);
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * RFC 8018's PBKDF2 over the JDK's HMAC. An empty password is given as one zero byte, which HMAC pads to the
     * same block as no byte at all (the JDK's key spec refuses an empty key).
     */
    static byte[] jdk(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(algorithm);
            mac.init(new javax.crypto.spec.SecretKeySpec(password.length == 0 ? new byte[1] : password, algorithm));
            int h = mac.getMacLength();
            byte[] out = new byte[length];
            byte[] u = new byte[h];
            byte[] t = new byte[h];
            for (int block = 1, off = 0; off < length; block++, off += h) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, h);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < h; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, off, Math.min(h, length - off));
            }
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** The host's libcrypto (OpenSSL 3 or 1.1), loaded on first use; empty when there is none. */
    static final class OpenSsl {
        private interface LibCrypto extends Library {
            Pointer EVP_sha512();

            Pointer EVP_sha256();

            int PKCS5_PBKDF2_HMAC(byte[] pass, int passLength, byte[] salt, int saltLength, int iterations, Pointer digest,
                                  int keyLength, byte[] out);
        }

        private static final Optional<LibCrypto> LIB = load();

        private OpenSsl() {
        }

        private static Optional<LibCrypto> load() {
            for (String name : new String[] {"libcrypto.so.3", "libcrypto.so.1.1", "crypto"}) {
                try {
                    LibCrypto lib = Native.load(name, LibCrypto.class);
                    lib.EVP_sha512();
                    return Optional.of(lib);
                } catch (Throwable e) { // UnsatisfiedLinkError, or JNA itself unusable here: BouncyCastle does it
                    // try the next name
                }
            }
            return Optional.empty();
        }

        static boolean available() {
            return LIB.isPresent();
        }

        /** PBKDF2-HMAC-SHA512, or empty when there is no libcrypto or it refused (then Java does it). */
        static Optional<byte[]> sha512(byte[] password, byte[] salt, int iterations, int length) {
            return derive(true, password, salt, iterations, length);
        }

        /** PBKDF2-HMAC-SHA256, or empty when there is no libcrypto or it refused (then Java does it). */
        static Optional<byte[]> sha256(byte[] password, byte[] salt, int iterations, int length) {
            return derive(false, password, salt, iterations, length);
        }

        static Optional<byte[]> derive(boolean sha512, byte[] password, byte[] salt, int iterations, int length) {
            if (LIB.isEmpty()) {
                return Optional.empty();
            }
            try {
                LibCrypto lib = LIB.get();
                byte[] out = new byte[length];
                int ok = lib.PKCS5_PBKDF2_HMAC(password, password.length, salt, salt.length, iterations,
                        sha512 ? lib.EVP_sha512() : lib.EVP_sha256(), length, out);
                return ok == 1 ? Optional.of(out) : Optional.empty();
            } catch (Throwable e) {
                return Optional.empty();
            }
        }
    }
}
