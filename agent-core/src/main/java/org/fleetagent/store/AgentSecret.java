package org.fleetagent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.json.Json;

/**
 * The agent secret: the password of fleet.enc, kept in the vault under the key {@code secret} as the real agent
 * keeps it, the JSON {@code {"v": base64(32 random bytes), "t": creation time}}.
 */
public final class AgentSecret {
    /** The vault key name of the agent secret. */
    public static final String NAME = "secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentSecret() {
    }

    /** The secret's 32 raw bytes, created (and stored) when the vault has none. */
    public static byte[] getOrCreate(FileVault vault) throws IOException {
        Optional<byte[]> existing = load(vault);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] v = new byte[32];
        RANDOM.nextBytes(v);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", Base64.getEncoder().encodeToString(v));
        json.put("t", DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
        vault.set(NAME, Json.write(json));
        return v;
    }

    /** The secret's raw bytes, or empty when the vault has none. */
    public static Optional<byte[]> load(FileVault vault) {
        Optional<byte[]> raw = vault.get(NAME);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(raw.get(), vault));
    }

    /** The secret in a vault entry as {@link #getOrCreate} stored it. */
    static byte[] parse(byte[] raw, FileVault vault) {
        try {
            Stored n = Json.read(raw, Stored.class);
            return Base64.getDecoder().decode(n == null || n.v() == null ? "" : n.v());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AgentException(ExitCode.FAILURE, "the agent secret in " + vault.dir() + " is malformed; restore the config"
                    + " directory from a backup, or enroll again with --force");
        }
    }

    /** The vault entry: the secret ({@code v}, base64) and when it was made ({@code t}). */
    private record Stored(String v, String t) {
    }
}
