package org.fleetagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.platform.AgentPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetConfigStoreTest {
    @TempDir
    Path home;

    private AgentPaths paths() {
        return AgentPaths.of(home, null, null, null, null);
    }

    private static Map<String, Object> doc() {
        return Map.of("agent", Map.of("id", "agent-1"),
                "fleet", Map.of("enabled", true, "access_api_key", "a2V5OnNlY3JldA==", "host", "fleet:8220", "timeout", "10m0s"));
    }

    @Test
    void enrolledConfigRoundTripsWithOwnerOnlyModesAndNoTemporaryFiles() throws Exception {
        FleetConfigStore store = new FleetConfigStore(paths());
        store.saveEnrolled(doc());

        assertEquals(doc(), store.load());
        assertEquals("rw-------", mode(home.resolve("fleet.enc")));
        assertEquals("rwx------", mode(home.resolve("vault")));
        try (Stream<Path> s = Files.list(home.resolve("vault"))) {
            s.forEach(f -> assertEquals("rw-------", mode(f), f.toString()));
        }
        try (Stream<Path> s = Files.walk(home)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
        byte[] raw = Files.readAllBytes(home.resolve("fleet.enc"));
        assertEquals('v', raw[0]);
        assertEquals('2', raw[1]);
        assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("a2V5OnNlY3JldA=="), "the API key is not readable");
        assertTrue(Files.readString(home.resolve("elastic-agent.yml")).contains("enabled: true"));
    }

    @Test
    void existingConfigIsBackedUpWithATimestampedName() throws Exception {
        Files.writeString(home.resolve("elastic-agent.yml"), "outputs: {default: {type: elasticsearch}}\n");
        new FleetConfigStore(paths()).saveEnrolled(doc());
        try (Stream<Path> s = Files.list(home)) {
            List<String> backups = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bak")).toList();
            assertEquals(1, backups.size(), backups.toString());
            assertTrue(backups.get(0).matches("elastic-agent\\.yml\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{4}\\.bak"), backups.get(0));
            assertEquals("outputs: {default: {type: elasticsearch}}\n", Files.readString(home.resolve(backups.get(0))));
        }
    }

    @Test
    void aConfigThatAlreadyHasTheStubIsNotRewritten() throws Exception {
        String yml = "fleet:\n  enabled: true\nagent:\n  logging:\n    level: debug\n";
        Files.writeString(home.resolve("elastic-agent.yml"), yml);
        new FleetConfigStore(paths()).saveEnrolled(doc());
        assertEquals(yml, Files.readString(home.resolve("elastic-agent.yml")));
        try (Stream<Path> s = Files.list(home)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".bak")));
        }
    }

    @Test
    void aFailedCommitLeavesTheDirectoryExactlyAsItWas() throws Exception {
        Files.writeString(home.resolve("elastic-agent.yml"), "agent: {logging: {level: info}}\n");
        // the stub cannot be written: its temporary name is taken by a non-empty directory
        Files.createDirectories(home.resolve("elastic-agent.yml.tmp").resolve("blocker"));
        Map<String, String> before = snapshot();

        AgentException e = assertThrows(AgentException.class, () -> new FleetConfigStore(paths()).saveEnrolled(doc()));
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void restoreUndoesTwoCommitsOnAFreshHome() throws Exception {
        Map<String, String> before = snapshot();
        FleetConfigStore store = new FleetConfigStore(paths());
        FleetConfigStore.Snapshot s = store.snapshot();
        store.saveEnrolled(doc());
        store.saveEnrolled(Map.of("agent", Map.of("id", "agent-2"), "fleet", Map.of("enabled", true)));

        assertEquals("the configuration it wrote was removed", store.restore(s));
        assertEquals(before, snapshot(), "nothing left: no fleet.enc, stub, vault or lock file");
    }

    @Test
    void restorePutsBackTheUsersFileWithItsModeAndTheFleetEncItReplaced() throws Exception {
        Path yml = home.resolve("elastic-agent.yml");
        Files.writeString(yml, "outputs: {default: {type: elasticsearch}}\n");
        Files.setPosixFilePermissions(yml, PosixFilePermissions.fromString("rw-r-----"));
        FleetConfigStore store = new FleetConfigStore(paths());
        store.write(FleetConfigCodec.decode(doc())); // an earlier enrollment's fleet.enc
        Map<String, String> before = snapshot();
        FleetConfigStore.Snapshot s = store.snapshot();
        store.saveEnrolled(Map.of("agent", Map.of("id", "agent-2"), "fleet", Map.of("enabled", true))); // backs the file up
        store.saveEnrolled(Map.of("agent", Map.of("id", "agent-3"), "fleet", Map.of("enabled", true)));

        assertEquals("fleet.enc and elastic-agent.yml were put back as they were", store.restore(s));
        assertEquals(before, snapshot(), "same files, contents and modes; no backup left");
        assertEquals(doc(), store.load());
    }

    @Test
    void readsAMultiBlockFileAsTheRealAgentsReaderWritesIt() throws Exception {
        FileVault vault = new FileVault(home.resolve("vault"));
        byte[] secret = AgentSecret.getOrCreate(vault);
        String yaml = "agent:\n  id: multi\nfleet:\n  padding: " + "y".repeat(70_000) + "\n";
        Files.write(home.resolve("fleet.enc"), blocks(secret, yaml.getBytes(StandardCharsets.UTF_8), 32 * 1024));
        Map<String, Object> loaded = new FleetConfigStore(paths()).load();
        assertEquals("multi", ((Map<?, ?>) loaded.get("agent")).get("id"));
    }

    @Test
    void aFleetEncFromAnotherVaultIsNamedAsSuch() throws Exception {
        FleetConfigStore store = new FleetConfigStore(paths());
        store.saveEnrolled(doc());
        Files.write(home.resolve("vault").resolve(".seed"), new byte[32]);
        AgentException e = assertThrows(AgentException.class, store::load);
        assertTrue(e.getMessage().contains("vault"), e.getMessage());
    }

    @Test
    void plaintextFleetYmlIsEncryptedAndRemoved() throws Exception {
        Files.writeString(home.resolve("fleet.yml"), YamlCodec.dump(doc()));
        FleetConfigStore store = new FleetConfigStore(paths());
        assertTrue(store.migratePlaintext());
        assertFalse(Files.exists(home.resolve("fleet.yml")), "the plaintext is gone");
        assertEquals("agent-1", ((Map<?, ?>) store.load().get("agent")).get("id"));
        assertFalse(store.migratePlaintext(), "nothing left to migrate");
    }

    @Test
    void tokenHashRoundTrip() {
        String h = TokenHash.hash("my-token");
        assertEquals(80, java.util.Base64.getDecoder().decode(h).length);
        assertTrue(TokenHash.matches("my-token", h));
        assertFalse(TokenHash.matches("other-token", h));
        assertFalse(TokenHash.matches("my-token", "not base64!"));
    }

    private Map<String, String> snapshot() throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.toList()) {
                m.put(home.relativize(p).toString(), Files.isDirectory(p) ? "dir " + mode(p)
                        : mode(p) + " " + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The v2 format written independently of the store (JDK ciphers, BouncyCastle PBKDF2), in blocks of at most {@code size} plaintext bytes. */
    private static byte[] blocks(byte[] password, byte[] plain, int size) throws Exception {
        SecureRandom r = new SecureRandom();
        byte[] salt = new byte[64];
        r.nextBytes(salt);
        org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator gen =
                new org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator(new org.bouncycastle.crypto.digests.SHA512Digest());
        gen.init(password, salt, 10_000);
        SecretKeySpec key = new SecretKeySpec(((org.bouncycastle.crypto.params.KeyParameter) gen.generateDerivedParameters(256)).getKey(), "AES");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('v');
        out.write('2');
        out.write(salt);
        for (int off = 0; off < plain.length; off += size) {
            byte[] nonce = new byte[12];
            r.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(plain, off, Math.min(size, plain.length - off));
            out.write(nonce);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealed.length).array());
            out.write(sealed);
        }
        return out.toByteArray();
    }

    @Test
    void openingTheStoreRemovesTheTempFilesOfKilledWritesAndKeepsOthers() throws Exception {
        Files.writeString(home.resolve("fleet.enc.tmp"), "half");
        Files.writeString(home.resolve("elastic-agent.yml.tmp"), "half");
        Files.writeString(home.resolve("mine.tmp"), "the user's");
        Files.createDirectories(home.resolve("vault"));
        Files.writeString(home.resolve("vault/abc.tmp"), "half");

        new FleetConfigStore(paths());

        assertFalse(Files.exists(home.resolve("fleet.enc.tmp")));
        assertFalse(Files.exists(home.resolve("elastic-agent.yml.tmp")));
        assertFalse(Files.exists(home.resolve("vault/abc.tmp")));
        assertTrue(Files.exists(home.resolve("mine.tmp")), "not a file the store writes");
        assertFalse(Files.exists(home.resolve("fleet.enc.lock")), "no lock file left");
    }

    @Test
    void anEmptyOrCutShortFleetEncIsAnErrorNotAnUnenrolledAgent() throws Exception {
        FleetConfigStore store = new FleetConfigStore(paths());
        store.saveEnrolled(Map.of("agent", Map.of("id", "a1"), "fleet", Map.of("enabled", true)));
        byte[] whole = Files.readAllBytes(home.resolve("fleet.enc"));
        for (int cut : new int[] {0, 1, 40, 66, 70, whole.length - 1}) {
            Files.write(home.resolve("fleet.enc"), java.util.Arrays.copyOf(whole, cut));
            AgentException e = assertThrows(AgentException.class, store::read, "cut to " + cut);
            assertTrue(e.getMessage().contains("fleet.enc"), e.getMessage());
            assertTrue(cut == 0 ? e.getMessage().contains("is empty") : e.getMessage().contains("truncated") || e.getMessage().contains("version"),
                    cut + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }

    /** Found by the fuzzer: a .seedV2 naming a negative or huge salt escaped as a raw exception (or a 2 GiB allocation). */
    @Test
    void aSeedV2WithAnImpossibleSaltSizeIsNamedAsDamaged() throws Exception {
        Path vaultDir = home.resolve("vault");
        Files.createDirectories(vaultDir);
        for (int size : new int[] {0, -1, 1 << 30}) {
            byte[] seed = java.nio.ByteBuffer.allocate(36).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(new byte[32]).putInt(size).array();
            Files.write(vaultDir.resolve(".seedV2"), seed);
            FileVault vault = new FileVault(vaultDir);
            AgentException e = assertThrows(AgentException.class, () -> vault.set("k", new byte[] {1}));
            assertEquals("the vault seed " + vaultDir.resolve(".seedV2") + " is damaged: it names a salt of " + Integer.toUnsignedString(size)
                    + " bytes (the agent writes 8 or 16); restore the whole config directory from a backup, or enroll again with --force",
                    e.getMessage());
        }
    }
}
