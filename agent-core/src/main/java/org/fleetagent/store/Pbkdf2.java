package org.fleetagent.store;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 over a raw byte password, as the real agent's Go code computes it. The JDK's {@code PBEKeySpec} takes a
 * {@code char[]} and would encode the bytes first, giving another key; so the derivation runs RFC 8018's loop over
 * an HMAC that takes the bytes as they are. Three engines give the same bytes (Pbkdf2Test):
 * <ul>
 * <li>the token hashes (210 000 rounds of HMAC-SHA512, slow in Java under the client compiler the launcher uses)
 * go to the host's OpenSSL, {@code PKCS5_PBKDF2_HMAC} in libcrypto through JNA;</li>
 * <li>the store's keys (10 000 and 12 022 rounds) use the JDK's {@code Mac}: the daemon derives them at every
 * start, and loading JNA and libcrypto (or BouncyCastle's signed jar) would cost it memory. A command that hashes a
 * token loads OpenSSL anyway and calls {@link #useNative()} first; from then on the store's keys are derived there
 * too, faster (figures in docs/performance.md);</li>
 * <li>BouncyCastle when there is no libcrypto, and for an empty password (which the JDK's key spec refuses).</li>
 * </ul>
 */
final class Pbkdf2 {
    /** Below this many rounds a derivation stays in the JDK (loading JNA and libcrypto would cost more). */
    static final int NATIVE_FROM_ITERATIONS = 100_000;

    /** Set by {@link #useNative()}: every derivation goes to OpenSSL (waiting for it while it loads). */
    private static volatile boolean nativeRequested;

    private Pbkdf2() {
    }

    /**
     * Loads OpenSSL (in the calling thread) and sends every later derivation there. A derivation that starts on
     * another thread while it loads waits for the load (the JVM's class initialisation lock), which is quicker than
     * the JDK's loop under the client compiler.
     */
    static void useNative() {
        nativeRequested = true;
        OpenSsl.available();
    }

    static byte[] sha256(byte[] password, byte[] salt, int iterations, int length) {
        return iterations < NATIVE_FROM_ITERATIONS ? recent("HmacSHA256", password, salt, iterations, length)
                : derive("HmacSHA256", password, salt, iterations, length);
    }

    static byte[] sha512(byte[] password, byte[] salt, int iterations, int length) {
        return iterations < NATIVE_FROM_ITERATIONS ? recent("HmacSHA512", password, salt, iterations, length)
                : derive("HmacSHA512", password, salt, iterations, length);
    }

    private static byte[] derive(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        boolean sha512 = algorithm.equals("HmacSHA512");
        if (nativeRequested || iterations >= NATIVE_FROM_ITERATIONS) {
            Optional<byte[]> key = OpenSsl.derive(sha512, password, salt, iterations, length);
            if (key.isPresent()) {
                return key.get();
            }
        }
        if (password.length == 0) {
            return sha512 ? Bc.derive512(password, salt, iterations, length) : Bc.derive256(password, salt, iterations, length);
        }
        return jdk(algorithm, password, salt, iterations, length);
    }

    /**
     * The store's keys are derived again from the same inputs whenever the same files are read again (a daemon
     * restart reads the vault and fleet.enc it read at start; the Fleet Server bootstrap writes, reads back, writes
     * and reads again): the last few derivations are kept, by a digest of their inputs, whichever engine made them,
     * so that a restart does not spend its time deriving them again. The process holds
     * the decrypted store anyway; these keys are no more secret than that. Token hashes are not kept.
     */
    private static final Map<String, byte[]> RECENT = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 8;
        }
    });

    private static byte[] recent(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        String id;
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((algorithm + "/" + iterations + "/" + length + "/" + password.length + "/").getBytes(StandardCharsets.US_ASCII));
            d.update(password);
            d.update(salt);
            id = HexFormat.of().formatHex(d.digest());
        } catch (java.security.GeneralSecurityException e) {
            return derive(algorithm, password, salt, iterations, length);
        }
        byte[] key = RECENT.get(id);
        if (key == null) {
            key = derive(algorithm, password, salt, iterations, length);
            RECENT.put(id, key);
        }
        return key.clone();
    }

    /** RFC 8018's PBKDF2 over the JDK's HMAC, which takes the password as raw bytes (but refuses an empty one). */
    static byte[] jdk(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(algorithm);
            mac.init(new javax.crypto.spec.SecretKeySpec(password, algorithm));
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

    /** BouncyCastle's PBKDF2-HMAC-SHA512, whatever the round count (for tests comparing the engines). */
    static byte[] sha512Portable(byte[] password, byte[] salt, int iterations, int length) {
        return Bc.derive512(password, salt, iterations, length);
    }

    /** BouncyCastle's PBKDF2-HMAC-SHA256 (for tests comparing the engines). */
    static byte[] sha256Portable(byte[] password, byte[] salt, int iterations, int length) {
        return Bc.derive256(password, salt, iterations, length);
    }

    /**
     * BouncyCastle's PBKDF2, in a class of its own so that code which never falls back to it does not make the JVM
     * open and verify BouncyCastle's signed jar just to check the types in this class.
     */
    private static final class Bc {
        static byte[] derive256(byte[] password, byte[] salt, int iterations, int length) {
            return derive(new SHA256Digest(), password, salt, iterations, length);
        }

        static byte[] derive512(byte[] password, byte[] salt, int iterations, int length) {
            return derive(new SHA512Digest(), password, salt, iterations, length);
        }

        private static byte[] derive(Digest digest, byte[] password, byte[] salt, int iterations, int length) {
            PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(digest);
            gen.init(password, salt, iterations);
            return ((KeyParameter) gen.generateDerivedParameters(length * 8)).getKey();
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
