package org.fleetagent.store;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 over a raw byte password, as the real agent's Go code computes it. The JDK's {@code PBEKeySpec} takes a
 * {@code char[]} and would encode the bytes first, giving another key; BouncyCastle takes the bytes as they are.
 */
final class Pbkdf2 {
    private Pbkdf2() {
    }

    static byte[] sha256(byte[] password, byte[] salt, int iterations, int length) {
        return derive(new SHA256Digest(), password, salt, iterations, length);
    }

    static byte[] sha512(byte[] password, byte[] salt, int iterations, int length) {
        return derive(new SHA512Digest(), password, salt, iterations, length);
    }

    private static byte[] derive(Digest digest, byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(digest);
        gen.init(password, salt, iterations);
        return ((KeyParameter) gen.generateDerivedParameters(length * 8)).getKey();
    }
}
