package org.fleetagent.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.fleetagent.component.Policy;
import org.fleetagent.json.Json;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.EncryptedStore;
import org.fleetagent.store.FileVault;

/** {@code <data>/state.enc}: the last policy the daemon applied, as Fleet sent it, encrypted with the vault's key. */
public final class LastPolicy {
    private final AgentPaths paths;

    public LastPolicy(AgentPaths paths) {
        this.paths = paths;
    }

    /** Where it is kept. */
    public Path file() {
        return paths.data().resolve("state.enc");
    }

    /**
     * The stored policy, or null when none was applied yet.
     *
     * @throws IOException when the file cannot be read or decrypted
     */
    public Policy read() throws IOException {
        byte[] raw = store().load();
        Stored stored = raw.length == 0 ? null : Json.read(raw, Stored.class);
        return stored == null || stored.policy() == null ? null : Policy.of(stored.policy());
    }

    void save(Policy policy) throws IOException {
        store().save(Json.write(Map.of("policy", policy.document())));
    }

    private record Stored(Map<String, Object> policy) {
    }

    private EncryptedStore store() {
        return new EncryptedStore(file(), new FileVault(paths.vault()));
    }
}
