package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.pki.CertValidity;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Mutual TLS to the Fleet fixture with client keys made by the openssl command line in every form operators
 * have, and the failures that each must exit with their own clear line.
 */
class MutualTlsIT {
    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    private TestPki pki;
    private FleetServerFixture fleet;
    private Path ca;
    private Path caKey;

    @BeforeEach
    void start() throws Exception {
        pki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        ca = pki.rootCa().writeCertificate(dir.resolve("ca.pem"));
        caKey = pki.rootCa().writeKey(dir.resolve("ca.key"), KeyFormat.PKCS8);
        fleet = FleetServerFixture.builder().tls(SslContexts.server(pki), ClientAuth.REQUIRED).build().start();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private String url() {
        return "https://localhost:" + fleet.port();
    }

    /** Runs openssl; fails the test with its output when it fails. */
    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Makes a client key in the given form with openssl and a certificate for it signed by the test CA. */
    private Path[] clientKey(String form, boolean newlineInPassphraseFile) throws Exception {
        Path pass = dir.resolve(form + ".pass");
        Files.writeString(pass, newlineInPassphraseFile ? "s3cret-pass\n" : "s3cret-pass");
        Path key = dir.resolve(form + ".key");
        String passArg = "file:" + pass;
        boolean encrypted = false;
        switch (form) {
            case "pkcs1" -> openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
            case "pkcs8" -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
            case "encrypted-pkcs8" -> {
                openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes-256-cbc", "-pass", passArg, "-out", key.toString());
                encrypted = true;
            }
            case "legacy-encrypted" -> {
                openssl("genrsa", "-traditional", "-aes256", "-passout", passArg, "-out", key.toString(), "2048");
                encrypted = true;
            }
            case "ec" -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
            default -> throw new IllegalArgumentException(form);
        }
        String head = Files.readString(key);
        if (form.equals("legacy-encrypted")) {
            assertTrue(head.contains("Proc-Type: 4,ENCRYPTED"), "openssl made a legacy encrypted PEM: " + head.lines().findFirst().orElse(""));
        }
        Path csr = dir.resolve(form + ".csr");
        List<String> req = new ArrayList<>(List.of("req", "-new", "-key", key.toString(), "-subj", "/CN=agent-" + form, "-out", csr.toString()));
        if (encrypted) {
            req.addAll(List.of("-passin", passArg));
        }
        openssl(req.toArray(new String[0]));
        Path ext = Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n");
        Path cert = dir.resolve(form + ".pem");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial",
                "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        return new Path[] {cert, key, encrypted ? pass : null};
    }

    private AgentProcess.Result enroll(Path home, String... extra) {
        List<String> args = new ArrayList<>(List.of("enroll", "--url", url(), "-t", fleet.enrollmentToken(), "--path.home", home.toString()));
        args.addAll(List.of(extra));
        return agent.run(args);
    }

    @ParameterizedTest(name = "{0}, passphrase file with trailing newline: {1}")
    @CsvSource({"pkcs1,false", "pkcs8,false", "encrypted-pkcs8,false", "encrypted-pkcs8,true", "legacy-encrypted,false",
            "legacy-encrypted,true", "ec,false"})
    void enrollsWithAClientKeyMadeByOpenssl(String form, boolean newline) throws Exception {
        Path[] m = clientKey(form, newline);
        List<String> args = new ArrayList<>(List.of("-a", ca.toString(), "--elastic-agent-cert", m[0].toString(),
                "--elastic-agent-cert-key", m[1].toString()));
        if (m[2] != null) {
            args.addAll(List.of("--elastic-agent-cert-key-passphrase", m[2].toString()));
        }
        AgentProcess.Result r = enroll(dir.resolve("home-" + form + newline), args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, fleet.agents().size());
    }

    @Test
    void eachFailureHasItsOwnLineAndCode() throws Exception {
        Path[] good = clientKey("encrypted-pkcs8", false);
        Path[] other = clientKey("pkcs8", false);
        Path wrongPass = Files.writeString(dir.resolve("wrong.pass"), "not-the-passphrase");
        byte[] randomPin = new byte[32];
        new SecureRandom().nextBytes(randomPin);

        TestPki expiredClientPki = TestPki.builder().clientValidity(CertValidity.EXPIRED).build();
        Path expiredCert = expiredClientPki.client().writeChain(dir.resolve("expired.pem"));
        Path expiredKey = expiredClientPki.client().writeKey(dir.resolve("expired.key"), KeyFormat.PKCS8);

        Path home = dir.resolve("home");
        Files.createDirectories(home);
        DirSnapshot before = DirSnapshot.of(home);
        Set<String> lines = new HashSet<>();

        AgentProcess.Result wrongPassphrase = enroll(home, "-a", ca.toString(), "--elastic-agent-cert", good[0].toString(),
                "--elastic-agent-cert-key", good[1].toString(), "--elastic-agent-cert-key-passphrase", wrongPass.toString());
        expect(wrongPassphrase, 2, "does not decrypt", lines);

        AgentProcess.Result mismatched = enroll(home, "-a", ca.toString(), "--elastic-agent-cert", good[0].toString(),
                "--elastic-agent-cert-key", other[1].toString());
        expect(mismatched, 4, "does not belong to the client certificate", lines);

        AgentProcess.Result expired = enroll(home, "-a", ca.toString(), "--elastic-agent-cert", expiredCert.toString(),
                "--elastic-agent-cert-key", expiredKey.toString());
        expect(expired, 4, "expired on", lines);

        AgentProcess.Result unknownCa = enroll(home, "--elastic-agent-cert", other[0].toString(), "--elastic-agent-cert-key", other[1].toString());
        expect(unknownCa, 4, "does not trust", lines);
        assertTrue(unknownCa.err().contains("--certificate-authorities"), unknownCa.toString());
        assertFalse(unknownCa.err().contains("--insecure"), "never suggests --insecure: " + unknownCa);

        AgentProcess.Result wrongPin = enroll(home, "-a", ca.toString(), "-p", Base64.getEncoder().encodeToString(randomPin),
                "--elastic-agent-cert", other[0].toString(), "--elastic-agent-cert-key", other[1].toString());
        expect(wrongPin, 4, "none matches the --ca-sha256 pins", lines);

        AgentProcess.Result noClientCert = enroll(home, "-a", ca.toString());
        expect(noClientCert, 4, "requires a client certificate", lines);

        assertEquals(6, lines.size(), "six different lines: " + lines);
        assertEquals(before, DirSnapshot.of(home), "no failure changed the config directory");
        assertEquals(0, fleet.agents().size());
    }

    @Test
    void anExpiredServerCertificateIsNamed() throws Exception {
        fleet.close();
        TestPki expiredServer = TestPki.builder().serverDnsNames("localhost").expiredServer().build();
        var ctx = SslContexts.of(expiredServer.server().privateKey(), expiredServer.server().chain(), List.of(pki.rootCa().certificate()));
        fleet = FleetServerFixture.builder().tls(ctx, ClientAuth.NONE).build().start();
        Path expiredCa = expiredServer.rootCa().writeCertificate(dir.resolve("expired-ca.pem"));
        AgentProcess.Result r = enroll(dir.resolve("home"), "-a", expiredCa.toString());
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("expired on"), r.toString());
    }

    @Test
    void aServerCertificateForAnotherNameIsNamed() throws Exception {
        fleet.close();
        TestPki otherName = TestPki.builder().serverDnsNames("fleet.other.example").build();
        var ctx = SslContexts.of(otherName.server().privateKey(), otherName.server().chain(), List.of());
        fleet = FleetServerFixture.builder().tls(ctx, ClientAuth.NONE).build().start();
        Path otherCa = otherName.rootCa().writeCertificate(dir.resolve("other-ca.pem"));
        AgentProcess.Result r = enroll(dir.resolve("home"), "-a", otherCa.toString());
        expect(r, 4, "is not valid for the name localhost", new HashSet<>());
        assertTrue(r.err().contains("fleet.other.example"), "names what the certificate is valid for: " + r);
    }

    @Test
    void aWrongPinNamesEveryCertificateSentAndTheRightPinInBase64urlEnrolls() throws Exception {
        fleet.close();
        TestPki chained = TestPki.builder().serverDnsNames("localhost").intermediate(true).build();
        var ctx = SslContexts.of(chained.server().privateKey(), chained.server().chain(), List.of());
        fleet = FleetServerFixture.builder().tls(ctx, ClientAuth.NONE).build().start();
        Path chainedCa = chained.rootCa().writeCertificate(dir.resolve("chained-ca.pem"));
        Path home = dir.resolve("pinned");
        Files.createDirectories(home);
        DirSnapshot before = DirSnapshot.of(home);

        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String wrong = HexFormat.ofDelimiter(":").withUpperCase().formatHex(random);
        AgentProcess.Result mismatch = enroll(home, "-a", chainedCa.toString(), "-p", wrong);
        expect(mismatch, 4, "none matches the --ca-sha256 pins", new HashSet<>());
        List<X509Certificate> named = new ArrayList<>(chained.server().chain());
        named.add(chained.rootCa().certificate());
        assertEquals(3, named.size(), "leaf, intermediate and the root that issued them");
        for (X509Certificate c : named) {
            String pin = HexFormat.ofDelimiter(":").withUpperCase().formatHex(spkiSha256(c));
            assertTrue(mismatch.err().contains("\"" + c.getSubjectX500Principal().getName() + "\" (pin " + pin + ")"),
                    "names " + c.getSubjectX500Principal() + " with its pin in the form given: " + mismatch);
        }
        X509Certificate root = chained.rootCa().certificate();
        String opensslFingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
        AgentProcess.Result wholeCertificate = enroll(home, "-a", chainedCa.toString(), "-p", opensslFingerprint);
        expect(wholeCertificate, 4, opensslFingerprint + " is the fingerprint of the whole certificate \"" + root.getSubjectX500Principal().getName()
                + "\", a pin is the SHA-256 of its public key: use " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(spkiSha256(root)),
                new HashSet<>());
        assertEquals(before, DirSnapshot.of(home), "a refused pin changes nothing");

        String rootPin = Base64.getUrlEncoder().withoutPadding().encodeToString(spkiSha256(chained.rootCa().certificate()));
        AgentProcess.Result ok = enroll(home, "-a", chainedCa.toString(), "-p", rootPin);
        assertEquals(0, ok.exitCode(), ok.toString());
        assertEquals(1, fleet.agents().size());
        Map<?, ?> doc = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(home));
        Map<?, ?> ssl = (Map<?, ?>) ((Map<?, ?>) doc.get("fleet")).get("ssl");
        assertEquals(List.of(Base64.getEncoder().encodeToString(spkiSha256(chained.rootCa().certificate()))), ssl.get("ca_sha256"),
                "stored as the real agent's standard base64");
    }

    private static byte[] spkiSha256(X509Certificate c) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded());
    }

    private static void expect(AgentProcess.Result r, int code, String text, Set<String> lines) {
        assertEquals(code, r.exitCode(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("Error:")).toList();
        assertEquals(1, errors.size(), "one error line: " + r);
        assertTrue(errors.get(0).contains(text), "expected '" + text + "': " + r);
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r);
        lines.add(errors.get(0));
    }
}
