package org.fleetagent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;

/**
 * Certificates and private keys in PEM, from a file path or an inline PEM string (the real agent accepts both).
 * Certificates are read by the JDK's X.509 factory, keys with BouncyCastle. Keys in every form operators have: PKCS#1 ({@code RSA PRIVATE KEY}), SEC1
 * ({@code EC PRIVATE KEY}), PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}) and the
 * legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}).
 */
public final class Pem {
    private static final Pattern CERTIFICATE_BLOCK = Pattern.compile("-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----");

    /** BouncyCastle's provider, made only when an encrypted key is decrypted. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private Pem() {
    }

    /** All certificates in a PEM file or string, in order; anything else in it (keys, text) is skipped. */
    public static List<X509Certificate> certificates(String pathOrPem, String what) {
        String text = read(pathOrPem, what);
        List<X509Certificate> out = new ArrayList<>();
        try {
            // the JDK's own X.509 factory reads PEM certificates; BouncyCastle is left for keys, so a process that
            // only trusts a CA file does not load it (its signed jars and provider cost memory and start-up time)
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher m = CERTIFICATE_BLOCK.matcher(text);
            while (m.find()) {
                out.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException e) {
            // the JDK's message names its own exception classes ("java.io.EOFException: not enough content"): not for users
            throw new AgentException(ExitCode.TLS, what + " " + label(pathOrPem) + " is not a valid PEM certificate file: a"
                    + " certificate in it is damaged or cut short; copy the file again from its source", e);
        }
        if (out.isEmpty()) {
            throw new AgentException(ExitCode.TLS, what + " " + label(pathOrPem) + " holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * The private key of a PEM file or string. An encrypted key is decrypted with the passphrase file's content,
     * read verbatim as the real agent does and, if that fails, once more without one trailing newline (files made
     * with {@code echo} end with one).
     */
    public static PrivateKey privateKey(String pathOrPem, Path passphraseFile, String what) {
        String text = read(pathOrPem, what);
        Object parsed = null;
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof PEMKeyPair || o instanceof PrivateKeyInfo || o instanceof PKCS8EncryptedPrivateKeyInfo
                        || o instanceof PEMEncryptedKeyPair) {
                    parsed = o;
                    break;
                }
            }
        } catch (IOException e) {
            throw new AgentException(ExitCode.TLS, what + " " + label(pathOrPem) + " is not a valid PEM key: " + e.getMessage());
        }
        if (parsed == null) {
            throw new AgentException(ExitCode.TLS, what + " " + label(pathOrPem) + " holds no PEM private key");
        }
        // keys are built by the JDK's own providers, so that JSSE and Signature take them as they are
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new AgentException(ExitCode.TLS, what + " " + label(pathOrPem) + " cannot be read: " + e.getMessage());
        }
        if (passphraseFile == null) {
            throw new AgentException(ExitCode.TLS, what + " " + label(pathOrPem)
                    + " is encrypted: pass the file holding its passphrase with --elastic-agent-cert-key-passphrase");
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(passphraseFile);
        } catch (NoSuchFileException e) {
            throw new AgentException(ExitCode.USAGE, "the passphrase file " + passphraseFile + " does not exist");
        } catch (IOException e) {
            throw new AgentException(ExitCode.USAGE, "cannot read the passphrase file " + passphraseFile + ": " + FileErrors.describe(e, passphraseFile));
        }
        String verbatim = new String(raw, StandardCharsets.UTF_8);
        try {
            return decrypt(parsed, verbatim.toCharArray(), conv);
        } catch (IOException | RuntimeException | GeneralSecurityException first) {
            String trimmed = verbatim.endsWith("\r\n") ? verbatim.substring(0, verbatim.length() - 2)
                    : verbatim.endsWith("\n") ? verbatim.substring(0, verbatim.length() - 1) : null;
            if (trimmed != null) {
                try {
                    return decrypt(parsed, trimmed.toCharArray(), conv);
                } catch (IOException | RuntimeException | GeneralSecurityException second) {
                    // fall through to the error below
                }
            }
            // a local input mistake, not a peer refusing credentials: the usage class, not 5
            throw new AgentException(ExitCode.USAGE, "the passphrase in " + passphraseFile + " does not decrypt "
                    + what + " " + label(pathOrPem) + ": put the passphrase the key was encrypted with in that file, or name the right file");
        }
    }

    private static PrivateKey decrypt(Object parsed, char[] pass, JcaPEMKeyConverter conv) throws IOException, GeneralSecurityException {
        try {
            if (parsed instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                PrivateKeyInfo info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(pass));
                return conv.getPrivateKey(info);
            }
            PEMEncryptedKeyPair enc = (PEMEncryptedKeyPair) parsed;
            return conv.getKeyPair(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(pass))).getPrivate();
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The text of a file, or the string itself when it is inline PEM. */
    static String read(String pathOrPem, String what) {
        if (pathOrPem.contains("-----BEGIN")) {
            return pathOrPem;
        }
        Path p = Path.of(pathOrPem);
        try {
            // PEM is ASCII: other bytes are no reason to fail the read; the parser then finds no block in them
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AgentException(ExitCode.USAGE, what + " file " + p + " does not exist");
        } catch (IOException e) {
            throw new AgentException(ExitCode.USAGE, "cannot read " + what + " file " + p + ": " + FileErrors.describe(e, p));
        }
    }

    static String label(String pathOrPem) {
        return pathOrPem.contains("-----BEGIN") ? "(inline PEM)" : pathOrPem;
    }

}
