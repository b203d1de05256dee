package org.fleetagent.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.fleetagent.json.Json;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.EncryptedStore;
import org.fleetagent.store.FileVault;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.version.AgentVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsBundleTest {
    private static final List<String> CANARIES = List.of("CANARY-API-KEY-7f3a", "CANARY-PROXY-PASS-91bc", "CANARY-BEARER-55de",
            "CANARY-ES-PASSWORD-0a1b", "CANARY-OUTPUT-KEY-c0ff", "CANARY-KEY-PASSPHRASE-4e4e");

    @TempDir
    Path home;

    private Map<String, String> bundle(AgentPaths paths, boolean excludeEvents, List<String> warnings) throws Exception {
        Path zip = home.resolve("out/diag.zip");
        Files.createDirectories(zip.getParent());
        new DiagnosticsBundle(paths, new AgentVersion("9.6.0", "abc", false)).write(zip, excludeEvents, warnings::add);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)));
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                entries.put(e.getName(), new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private AgentPaths enrolledWithCanaries() throws Exception {
        AgentPaths paths = AgentPaths.of(home, null, null, home.resolve("no-daemon.sock"), null);
        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("enabled", true);
        fleet.put("access_api_key", CANARIES.get(0));
        fleet.put("hosts", List.of("https://fleet.example:8220"));
        fleet.put("proxy_url", "http://agent:" + CANARIES.get(1) + "@proxy.example:3128");
        fleet.put("headers", Map.of("Authorization", "Bearer " + CANARIES.get(2)));
        fleet.put("ssl", Map.of("key_passphrase", CANARIES.get(5)));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("agent", Map.of("id", "agent-123"));
        doc.put("fleet", fleet);
        new FleetConfigStore(paths).saveEnrolled(doc);

        Map<String, Object> policy = Map.of("id", "p1", "revision", 3, "outputs", Map.of("default",
                Map.of("type", "elasticsearch", "password", CANARIES.get(3), "api_key", CANARIES.get(4))));
        new EncryptedStore(paths.data().resolve("state.enc"), new FileVault(paths.vault())).save(Json.write(Map.of("policy", policy)));

        Files.createDirectories(paths.logs().resolve("events"));
        // a line that leaked a secret must not carry it out of the host
        Files.writeString(paths.logs().resolve("elastic-agent.0.ndjson"),
                "{\"log.level\":\"info\",\"message\":\"connecting with " + CANARIES.get(0) + " via http://agent:" + CANARIES.get(1)
                        + "@proxy.example:3128\"}\n");
        Files.writeString(paths.logs().resolve("events/elastic-agent-event-log-20260101.ndjson"), "{\"message\":\"event\"}\n");
        return paths;
    }

    @Test
    void theArchiveHasTheRealLayoutAndNoSecretAnywhere() throws Exception {
        List<String> warnings = new ArrayList<>();
        Map<String, String> entries = bundle(enrolledWithCanaries(), false, warnings);

        assertTrue(entries.keySet().containsAll(List.of("version.txt", "package.version", "agent-info.yaml", "local-config.yaml",
                "pre-config.yaml", "state.yaml", "components-actual.yaml", "host.yaml", "logs/elastic-agent.0.ndjson",
                "logs/events/elastic-agent-event-log-20260101.ndjson")), entries.keySet().toString());
        entries.forEach((name, content) -> CANARIES.forEach(c -> {
            assertFalse(name.contains(c), name);
            assertFalse(content.contains(c), c + " leaked into " + name + ":\n" + content);
        }));
        assertEquals("9.6.0", entries.get("package.version"));
        assertTrue(entries.get("agent-info.yaml").contains("agent_id: agent-123"), entries.get("agent-info.yaml"));
        assertTrue(entries.get("local-config.yaml").contains("https://fleet.example:8220"), "the config is there, redacted");
        assertTrue(entries.get("local-config.yaml").contains("<REDACTED>"));
        assertTrue(entries.get("pre-config.yaml").contains("elasticsearch"), entries.get("pre-config.yaml"));
        assertTrue(entries.get("logs/elastic-agent.0.ndjson").contains("connecting with <REDACTED>"));
        assertTrue(entries.get("state.yaml").startsWith("error: "), "no daemon: the real hooks' error form");
        assertEquals(1, warnings.stream().filter(w -> w.startsWith("no daemon state")).count(), warnings.toString());
    }

    @Test
    void eventLogsCanBeLeftOutAndANotEnrolledAgentStillGetsABundle() throws Exception {
        AgentPaths paths = AgentPaths.of(home, null, null, home.resolve("none.sock"), null);
        Files.createDirectories(paths.logs().resolve("events"));
        Files.writeString(paths.logs().resolve("events/elastic-agent-event-log-20260101.ndjson"), "{}\n");
        Map<String, String> entries = bundle(paths, true, new ArrayList<>());
        assertFalse(entries.keySet().stream().anyMatch(n -> n.startsWith("logs/events")), entries.keySet().toString());
        assertTrue(entries.get("local-config.yaml").startsWith("error: "), entries.get("local-config.yaml"));
    }
}
