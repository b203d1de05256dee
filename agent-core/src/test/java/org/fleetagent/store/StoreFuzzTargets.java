package org.fleetagent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.errors.AgentException;
import org.fleetagent.fuzz.FuzzTarget;
import org.fleetagent.platform.AgentPaths;

/**
 * fleet.enc and the vault as a damaged disk or a bad restore leaves them: truncated, bit-flipped, spliced, a .seedV2
 * with any salt size. Reading them fails with the documented error ({@link GeneralSecurityException} from the format,
 * {@link AgentException} from the store and the vault), never anything else.
 */
public final class StoreFuzzTargets {
    private static final byte[] PASSWORD = "fuzz-password-of-32-bytes-......".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAINTEXT = ("agent:\n  id: agent-1\nfleet:\n  access_api_key: a2V5OnNlY3JldA==\n  enabled: true\n"
            + "  hosts:\n  - https://fleet.example:8220\n  ssl:\n    ca_sha256: [\"c2hhMjU2\"]\n    verification_mode: full\n"
            + "  timeout: 10m0s\n").getBytes(StandardCharsets.UTF_8);

    /**
     * A stand-in for PBKDF2's 10,000-12,022 rounds: one SHA-512 of the same inputs, so equal inputs give equal keys and a
     * damaged salt another key, whose decryption then fails as it would. The parsers around it run as with real keys,
     * at their own speed instead of the derivation's (53 instead of thousands of inputs a second).
     */
    private static final Pbkdf2 KEYS = Pbkdf2.computedBy((sha512, password, salt, iterations, length) -> {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            d.update(ByteBuffer.allocate(9).put((byte) (sha512 ? 1 : 0)).putInt(iterations).putInt(length).array());
            d.update(password);
            d.update(salt);
            return Arrays.copyOf(d.digest(), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private StoreFuzzTargets() {
    }

    public static List<FuzzTarget> all(Path scratch) throws Exception {
        List<byte[]> encrypted = List.of(EncryptedFile.encrypt(KEYS, PASSWORD, PLAINTEXT),
                EncryptedFile.encrypt(KEYS, PASSWORD, "x".getBytes(StandardCharsets.UTF_8)));

        AgentPaths paths = AgentPaths.of(scratch.resolve("home"), null, null, null, null);
        FleetConfigStore store = FleetConfigStore.keyedBy(paths, KEYS);
        store.saveEnrolled(Map.of("agent", Map.of("id", "agent-1"), "fleet", Map.of("enabled", true, "access_api_key", "a2V5")));
        byte[] fleetEnc = Files.readAllBytes(paths.fleetEnc());

        FileVault vault = new FileVault(scratch.resolve("vault"), KEYS);
        vault.set("key", "value".getBytes(StandardCharsets.UTF_8));
        Path keyFile = vault.file("key").orElseThrow();
        byte[] seed = Files.readAllBytes(scratch.resolve("vault/.seed"));
        List<byte[]> keyFiles = List.of(Files.readAllBytes(keyFile));
        List<byte[]> seeds = List.of(seed, seedV2(seed, 8), seedV2(seed, 16), seedV2(seed, 64));
        AgentSecret.getOrCreate(vault);
        byte[] secret = vault.get(AgentSecret.NAME).orElseThrow();

        return List.of(
                new FuzzTarget("fleet-enc-format", encrypted, in -> EncryptedFile.decrypt(KEYS, PASSWORD, in),
                        List.of(GeneralSecurityException.class)),
                new FuzzTarget("fleet-enc-store", List.of(fleetEnc), in -> {
                    Files.write(paths.fleetEnc(), in);
                    store.read();
                }, List.of(AgentException.class)),
                new FuzzTarget("fleet-enc-plaintext", List.of(PLAINTEXT), in ->
                        FleetConfigCodec.write(FleetConfigCodec.decode(YamlFiles.parse(in, "fleet.enc", "restore it"))),
                        List.of(AgentException.class)),
                new FuzzTarget("vault-key-file", keyFiles, in -> {
                    Files.write(keyFile, in);
                    vault.get("key");
                }, List.of(AgentException.class)),
                new FuzzTarget("vault-seed", seeds, in -> readWithSeed(scratch.resolve("seeded"), in),
                        List.of(AgentException.class, IOException.class)),
                new FuzzTarget("vault-agent-secret", List.of(secret), in -> AgentSecret.parse(in, vault), List.of(AgentException.class)));
    }

    /** A vault whose seed file is {@code seed} (as .seedV2 when it is not 32 bytes): read a key, then write one. */
    private static void readWithSeed(Path dir, byte[] seed) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(".seed"));
        Files.deleteIfExists(dir.resolve(".seedV2"));
        Files.write(dir.resolve(seed.length == 32 ? ".seed" : ".seedV2"), seed);
        FileVault v = new FileVault(dir, KEYS);
        v.get("key");
        v.seedFile();
        v.set("key", new byte[] {1, 2, 3});
    }

    private static byte[] seedV2(byte[] seed, int saltSize) {
        return ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN).put(seed).putInt(saltSize).array();
    }
}
