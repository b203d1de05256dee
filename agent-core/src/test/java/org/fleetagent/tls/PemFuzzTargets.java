package org.fleetagent.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.fleetagent.errors.AgentException;
import org.fleetagent.fuzz.FuzzTarget;

/** PEM certificates and keys in every form the agent reads, mutated; only {@link AgentException} may come out. */
public final class PemFuzzTargets {
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private static final char[] PASSPHRASE = "fuzz-passphrase".toCharArray();

    private PemFuzzTargets() {
    }

    public static List<FuzzTarget> all(Path scratch) throws Exception {
        SelfSignedAuthority ca = SelfSignedAuthority.create("fleet.example");
        List<byte[]> certs = List.of(bytes(ca.caPem()), bytes(ca.certPem()), bytes(ca.certPem() + ca.caPem()),
                bytes("subject=CN = fleet\nissuer=CN = ca\n" + ca.certPem() + "\n" + ca.keyPem()));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair r = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair e = ec.generateKeyPair();
        List<byte[]> keys = List.of(bytes(ca.keyPem()), traditional(r.getPrivate()), traditional(e.getPrivate()),
                pkcs8(r.getPrivate()), pkcs8(e.getPrivate()), encryptedPkcs8(e.getPrivate()), legacyEncrypted(e.getPrivate()),
                legacyEncrypted(r.getPrivate()));
        Path passphrase = scratch.resolve("passphrase");
        Files.writeString(passphrase, new String(PASSPHRASE) + "\n");
        return List.of(
                new FuzzTarget("pem-certificates", certs, in -> Pem.certificates(inline(in), "the CA"), List.of(AgentException.class)),
                new FuzzTarget("pem-private-key", keys, in -> Pem.privateKey(inline(in), passphrase, "the key"), List.of(AgentException.class)));
    }

    /** The input as inline PEM; the marker is kept so that the input is never taken for a path. */
    private static String inline(byte[] in) {
        String s = new String(in, StandardCharsets.UTF_8);
        return s.contains("-----BEGIN") ? s : "-----BEGIN" + s;
    }

    private static byte[] traditional(PrivateKey k) throws IOException {
        return write(k, null);
    }

    private static byte[] legacyEncrypted(PrivateKey k) throws IOException {
        return write(k, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(PASSPHRASE));
    }

    private static byte[] write(PrivateKey k, org.bouncycastle.openssl.PEMEncryptor enc) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            if (enc == null) {
                w.writeObject(k);
            } else {
                w.writeObject(k, enc);
            }
        }
        return bytes(out.toString());
    }

    private static byte[] pkcs8(PrivateKey k) {
        return bytes("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(k.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static byte[] encryptedPkcs8(PrivateKey k) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(k, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_128_CBC)
                    .setProvider(BC).setIterationCount(16).setPassword(PASSPHRASE).build()));
        }
        return bytes(out.toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
