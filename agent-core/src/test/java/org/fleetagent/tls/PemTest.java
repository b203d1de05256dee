package org.fleetagent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as operators have them, made by the openssl command line. */
class PemTest {
    @TempDir
    static Path dir;

    static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + out);
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=first CA", "-keyout", "a.key", "-out", "a.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=second CA",
                "-keyout", "b.key", "-out", "b.pem");
        openssl("pkcs8", "-topk8", "-in", "b.key", "-out", "b-enc.key", "-passout", "pass:s3cret", "-v2", "aes-256-cbc");
        Files.writeString(dir.resolve("pass"), "s3cret\n");
    }

    @Test
    void aBundleWithTextAndKeysBetweenItsCertificatesGivesEveryCertificateInOrder() throws Exception {
        String bundle = "Bag Attributes\n    friendlyName: first\nsubject=CN = first CA\n" + Files.readString(dir.resolve("a.pem"))
                + Files.readString(dir.resolve("a.key"))
                + "subject=CN = second CA\r\n" + Files.readString(dir.resolve("b.pem")).replace("\n", "\r\n");
        Path file = dir.resolve("bundle.pem");
        Files.writeString(file, bundle);
        List<X509Certificate> certs = Pem.certificates(file.toString(), "the certificate authority");
        assertEquals(2, certs.size());
        assertEquals("CN=first CA", certs.get(0).getSubjectX500Principal().getName());
        assertEquals("CN=second CA", certs.get(1).getSubjectX500Principal().getName());
        // inline PEM, as the real agent also accepts
        assertEquals(certs.get(1), Pem.certificates(Files.readString(dir.resolve("b.pem")), "the certificate authority").getFirst());
    }

    @Test
    void badCertificateFilesAreNamedWithTheirCause() throws Exception {
        AgentException noCert = assertThrows(AgentException.class,
                () -> Pem.certificates(dir.resolve("a.key").toString(), "the certificate authority"));
        assertEquals(ExitCode.TLS, noCert.exitCode());
        assertTrue(noCert.getMessage().contains("a.key holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"), noCert.getMessage());

        String pem = Files.readString(dir.resolve("a.pem"));
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, pem.substring(0, 80) + "!!!!" + pem.substring(120));
        AgentException bad = assertThrows(AgentException.class, () -> Pem.certificates(broken.toString(), "the certificate authority"));
        assertEquals(ExitCode.TLS, bad.exitCode());
        assertTrue(bad.getMessage().startsWith("the certificate authority " + broken + " is not a valid PEM certificate file: "), bad.getMessage());

        AgentException missing = assertThrows(AgentException.class,
                () -> Pem.certificates(dir.resolve("nope.pem").toString(), "the certificate authority"));
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertTrue(missing.getMessage().endsWith("nope.pem does not exist"), missing.getMessage());
    }

    @Test
    void anEncryptedKeyIsDecryptedWithThePassphraseFileAndMatchesItsCertificate() throws Exception {
        PrivateKey key = Pem.privateKey(dir.resolve("b-enc.key").toString(), dir.resolve("pass"), "the client key");
        X509Certificate cert = Pem.certificates(dir.resolve("b.pem").toString(), "the client certificate").getFirst();
        assertTrue(TlsContexts.matches(key, cert), "the decrypted key is the certificate's");
    }
}
