package org.fleetagent.store;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Optional;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 over a raw byte password, as the real agent's Go code computes it. The JDK's {@code PBEKeySpec} takes a
 * {@code char[]} and would encode the bytes first, giving another key; BouncyCastle takes the bytes as they are.
 *
 * <p>The token hashes run 210 000 rounds of HMAC-SHA512: about half a second in BouncyCastle under the client
 * compiler the launcher uses, 0.15 s in the host's OpenSSL. Derivations of that size therefore go to OpenSSL's
 * {@code PKCS5_PBKDF2_HMAC} (libcrypto, through JNA) when the host has it, and to BouncyCastle otherwise; both give
 * the same bytes (Pbkdf2Test). The store's own keys (10 000 rounds and fewer) stay in BouncyCastle: they cost a few
 * milliseconds, and the daemon, which derives them, need not load native code for it.
 */
final class Pbkdf2 {
    /** Below this many rounds a derivation stays in BouncyCastle (loading JNA and libcrypto costs more). */
    static final int NATIVE_FROM_ITERATIONS = 100_000;

    private Pbkdf2() {
    }

    static byte[] sha256(byte[] password, byte[] salt, int iterations, int length) {
        return derive(new SHA256Digest(), password, salt, iterations, length);
    }

    static byte[] sha512(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations >= NATIVE_FROM_ITERATIONS) {
            Optional<byte[]> key = OpenSsl.sha512(password, salt, iterations, length);
            if (key.isPresent()) {
                return key.get();
            }
        }
        return derive(new SHA512Digest(), password, salt, iterations, length);
    }

    /** BouncyCastle's PBKDF2-HMAC-SHA512, whatever the round count (for tests comparing the two). */
    static byte[] sha512Portable(byte[] password, byte[] salt, int iterations, int length) {
        return derive(new SHA512Digest(), password, salt, iterations, length);
    }

    private static byte[] derive(Digest digest, byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(digest);
        gen.init(password, salt, iterations);
        return ((KeyParameter) gen.generateDerivedParameters(length * 8)).getKey();
    }

    /** The host's libcrypto (OpenSSL 3 or 1.1), loaded on first use; empty when there is none. */
    static final class OpenSsl {
        private interface LibCrypto extends Library {
            Pointer EVP_sha512();

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

        /** The derived key, or empty when there is no libcrypto or it refused (then BouncyCastle does it). */
        static Optional<byte[]> sha512(byte[] password, byte[] salt, int iterations, int length) {
            if (LIB.isEmpty()) {
                return Optional.empty();
            }
            try {
                LibCrypto lib = LIB.get();
                byte[] out = new byte[length];
                int ok = lib.PKCS5_PBKDF2_HMAC(password, password.length, salt, salt.length, iterations, lib.EVP_sha512(), length, out);
                return ok == 1 ? Optional.of(out) : Optional.empty();
            } catch (Throwable e) {
                return Optional.empty();
            }
        }
    }
}
