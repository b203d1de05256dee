package org.fleetagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.platform.AgentPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollIntentTest {
    @TempDir
    Path home;

    private AgentPaths paths() {
        return AgentPaths.of(home, null, null, null, null);
    }

    @Test
    void aRecordedIntentIsReadBackEncryptedAndGoesOnceFulfilled() throws Exception {
        EnrollIntent intent = new FleetConfigStore(paths()).intent();
        intent.record(new EnrollIntent.Identity("https://fleet:8220", "agent-7", "replace-secret"));

        Optional<EnrollIntent.Identity> again = new FleetConfigStore(paths()).intent().pending();
        assertEquals(Optional.of(new EnrollIntent.Identity("https://fleet:8220", "agent-7", "replace-secret")), again);
        String onDisk = new String(Files.readAllBytes(paths().enrollIntent()), StandardCharsets.ISO_8859_1);
        assertFalse(onDisk.contains("replace-secret") || onDisk.contains("agent-7"), "the intent is encrypted");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(paths().enrollIntent())));

        intent.fulfilled();
        assertFalse(Files.exists(paths().enrollIntent()));
    }

    @Test
    void anAbandonedIntentTakesTheVaultAndDataDirectoryItCreatedWithIt() throws Exception {
        EnrollIntent intent = new FleetConfigStore(paths()).intent();
        intent.record(new EnrollIntent.Identity("https://fleet:8220", "agent-7", "t"));
        assertTrue(Files.isDirectory(paths().vault()));
        intent.abandoned();
        try (var list = Files.list(home)) {
            assertEquals(0, list.count(), "the home is as it was");
        }
    }

    @Test
    void anAbandonedIntentKeepsAVaultThatFleetEncNeeds() throws Exception {
        FleetConfigStore store = new FleetConfigStore(paths());
        store.saveEnrolled(Map.of("agent", Map.of("id", "agent-1"), "fleet", Map.of("enabled", true, "host", "fleet:8220")));
        EnrollIntent intent = store.intent();
        intent.record(new EnrollIntent.Identity("https://fleet:8220", "agent-2", "t"));
        intent.abandoned();
        assertFalse(Files.exists(paths().enrollIntent()));
        assertEquals("agent-1", new FleetConfigStore(paths()).read().agentId());
    }

    @Test
    void aTemporaryFileOfAKilledWriteIsRemovedWhenTheStoreOpens() throws Exception {
        Files.createDirectories(paths().data());
        Files.writeString(paths().data().resolve("enroll-intent.enc.tmp"), "half");
        Files.writeString(home.resolve("fleet.enc.tmp"), "half");
        new FleetConfigStore(paths());
        assertFalse(Files.exists(paths().data().resolve("enroll-intent.enc.tmp")));
        assertFalse(Files.exists(home.resolve("fleet.enc.tmp")));
    }
}
