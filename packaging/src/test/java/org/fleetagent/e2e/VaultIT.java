package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vault check} on an enrolled home, healthy and then broken in the ways operators meet. */
class VaultIT {
    @TempDir
    static Path enrolled;

    @TempDir
    Path dir;

    private static final AgentProcess AGENT = AgentProcess.launcher();
    private static FleetServerFixture fleet;

    @BeforeAll
    static void enroll() {
        fleet = FleetServerFixture.builder().build().start();
        AgentProcess.Result r = AGENT.run("enroll", "--url", fleet.url(), "-t", fleet.enrollmentToken(), "--insecure",
                "--path.home", enrolled.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    /** A copy of the enrolled home, modes kept, to break. */
    private Path home() throws IOException {
        Path home = dir.resolve("home");
        try (Stream<Path> all = Files.walk(enrolled)) {
            for (Path p : all.toList()) {
                Path to = home.resolve(enrolled.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(p));
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return home;
    }

    private static AgentProcess.Result check(Path home) {
        return AGENT.run("vault", "check", "--path.home", home.toString());
    }

    /** The vault file of the agent secret: sha256(seed || "secret"), hex. */
    private static Path secretKey(Path home) throws Exception {
        byte[] seed = Files.readAllBytes(home.resolve("vault/.seed"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(seed);
        sha.update("secret".getBytes(StandardCharsets.UTF_8));
        return home.resolve("vault").resolve(HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void aHealthyEnrollmentPasses() throws Exception {
        AgentProcess.Result r = check(home());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("The vault and fleet.enc are healthy."), r.out());
        assertTrue(r.out().contains("decrypts with the agent secret"), r.out());
    }

    @Test
    void aFleetEncOpenToOthersIsNamedWithItsChmod() throws Exception {
        Path home = home();
        Files.setPosixFilePermissions(home.resolve("fleet.enc"), PosixFilePermissions.fromString("rw-r--r--"));
        AgentProcess.Result r = check(home);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PROBLEM  " + home.resolve("fleet.enc") + ": mode 0644 lets other users read or change it"), r.out());
        assertTrue(r.out().contains("fix: run chmod 600 " + home.resolve("fleet.enc")), r.out());
        assertTrue(r.out().contains("1 problem(s) found."), r.out());
    }

    @Test
    void aKeyOpenToOthersIsNamedWithItsChmod() throws Exception {
        Path home = home();
        Path key = secretKey(home);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        AgentProcess.Result r = check(home);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PROBLEM  " + key + ": mode 0644"), r.out());
        assertTrue(r.out().contains("fix: run chmod 600 " + key), r.out());
    }

    @Test
    void aTruncatedFleetEncDoesNotDecrypt() throws Exception {
        Path home = home();
        Path enc = home.resolve("fleet.enc");
        byte[] all = Files.readAllBytes(enc);
        Files.write(enc, Arrays.copyOf(all, all.length - 20));
        AgentProcess.Result r = check(home);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PROBLEM  " + enc + ": does not decrypt (truncated"), r.out());
        assertTrue(r.out().contains("fix: restore fleet.enc with its vault from a backup, or enroll again with --force"), r.out());
    }

    @Test
    void aMissingKeyIsNamed() throws Exception {
        Path home = home();
        Path key = secretKey(home);
        Files.delete(key);
        AgentProcess.Result r = check(home);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PROBLEM  " + key + ": missing: the vault has no agent secret"), r.out());
        assertTrue(r.out().contains("fix: restore the vault directory from the same backup as fleet.enc"), r.out());
    }
}
