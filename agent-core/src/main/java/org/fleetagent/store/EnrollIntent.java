package org.fleetagent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.fleetagent.json.Json;
import org.fleetagent.platform.AgentPaths;

/**
 * What an enrollment is about to ask Fleet for, kept encrypted in {@code <data>/enroll-intent.enc} before the request
 * is sent: the agent id and the replace token chosen here. A run killed after Fleet created the agent but before
 * fleet.enc was written leaves it behind; the next enrollment into the same Fleet sends the same id and token, which
 * replaces that agent instead of adding a second one. It goes once fleet.enc is written, or when the enrollment
 * failed in a way the run saw (then the vault it created for it goes too, leaving the host as it was).
 */
public final class EnrollIntent {

    /**
     * The identity an enrollment asks for.
     *
     * @param url          the Fleet Server URL it enrolls into
     * @param agentId      the agent id sent as {@code id}
     * @param replaceToken the token sent as {@code replace_token} (a secret)
     */
    public record Identity(String url, String agentId, String replaceToken) {
        @Override
        public String toString() {
            return "Identity[url=" + url + ", agentId=" + agentId + "]";
        }
    }

    private final AgentPaths paths;
    private final FileVault vault;
    private final EncryptedStore file;
    private boolean createdVault;
    private boolean createdData;

    EnrollIntent(AgentPaths paths, FileVault vault) {
        this.paths = paths;
        this.vault = vault;
        this.file = new EncryptedStore(paths.enrollIntent(), vault);
    }

    public Path file() {
        return file.file();
    }

    /** The identity a killed enrollment asked for, if one was left; a damaged file counts as none. */
    public Optional<Identity> pending() {
        try {
            byte[] plain = file.load();
            Identity id = plain.length == 0 ? null : Json.read(plain, Identity.class);
            return id == null || id.agentId() == null || id.url() == null ? Optional.empty() : Optional.of(id);
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records {@code id}; on disk (atomically, encrypted) before this returns. */
    public void record(Identity id) throws IOException {
        createdVault = !Files.exists(vault.dir());
        createdData = !Files.exists(paths.data());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("url", id.url());
        doc.put("agentId", id.agentId());
        doc.put("replaceToken", id.replaceToken() == null ? "" : id.replaceToken());
        file.save(Json.write(doc));
    }

    /** Removes the intent: fleet.enc now holds the enrollment. */
    public void fulfilled() throws IOException {
        Files.deleteIfExists(file.file());
    }

    /**
     * Removes the intent after an enrollment that failed where the run saw it, with what recording it created (the
     * vault, the data directory) unless fleet.enc needs them; best effort, the failure being reported already.
     */
    public void abandoned() {
        try {
            Files.deleteIfExists(file.file());
            if (createdVault && !Files.exists(paths.fleetEnc()) && !Files.exists(paths.delayedEnroll())) {
                FleetConfigStore.deleteTree(vault.dir());
            }
            if (createdData) {
                try (Stream<Path> list = Files.list(paths.data())) {
                    if (list.findAny().isEmpty()) {
                        Files.delete(paths.data());
                    }
                }
            }
        } catch (IOException e) {
            // what is left is an unused intent or vault: the next enrollment reuses or replaces it
        }
    }
}
