package org.fleetagent.diagnostics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.fleetagent.config.Redaction;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.enrollment.Inspection;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.json.Json;
import org.fleetagent.logging.LogFiles;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.AtomicFiles;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.version.AgentVersion;

/**
 * The {@code diagnostics} archive in the real agent's layout: {@code version.txt}, {@code package.version},
 * {@code agent-info.yaml}, {@code local-config.yaml}, {@code pre-config.yaml}, {@code state.yaml},
 * {@code components-actual.yaml} at the top, the log files under {@code logs/}, plus {@code host.yaml} with the
 * system facts. Secrets are redacted in the configuration, and every secret value found in the configuration or the
 * stored policy is then scrubbed from every file, logs included, so none can leave the host in the archive.
 */
public final class DiagnosticsBundle {
    /** Secrets shorter than this are not scrubbed from free text: they would match everywhere. */
    private static final int MIN_SCRUBBED = 4;

    private final AgentPaths paths;
    private final AgentVersion version;

    public DiagnosticsBundle(AgentPaths paths, AgentVersion version) {
        this.paths = paths;
        this.version = version;
    }

    /**
     * Writes the archive to {@code zip} (0600, atomically).
     *
     * @param excludeEvents leave out {@code logs/events}
     * @param warn          receives one line for each part that could not be gathered (the archive is still written)
     */
    public void write(Path zip, boolean excludeEvents, java.util.function.Consumer<String> warn) {
        Set<String> secrets = new LinkedHashSet<>();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("version.txt", yaml(versionInfo()));
        entries.put("package.version", version.version().getBytes(StandardCharsets.UTF_8));

        Map<String, Object> config = Map.of();
        try {
            config = new FleetConfigStore(paths).load();
        } catch (AgentException e) {
            warn.accept("no local-config.yaml: " + e.getMessage());
        }
        secrets.addAll(Redaction.secrets(config));
        entries.put("agent-info.yaml", yaml(agentInfo(config)));
        entries.put("local-config.yaml", config.isEmpty() ? error("not enrolled: no configuration in " + paths.fleetEnc())
                : yaml(Redaction.redact(config)));

        Map<String, Object> policy = lastPolicy(warn);
        secrets.addAll(Redaction.secrets(policy));
        entries.put("pre-config.yaml", policy.isEmpty() ? error("no policy received from Fleet yet") : yaml(Redaction.redact(policy)));

        entries.putAll(daemonState(warn));
        entries.put("host.yaml", yaml(hostFacts()));
        addLogs(entries, excludeEvents, warn);
        try {
            AtomicFiles.write(zip, zip(entries, secrets), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write " + zip + ": " + e.getMessage()
                    + "; give a writable place with --file", e);
        }
    }

    private Map<String, Object> versionInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version.version());
        m.put("commit", version.commit());
        m.put("build_time", version.buildTime().toString());
        m.put("snapshot", version.snapshot());
        return m;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> agentInfo(Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        Object agent = config.get("agent");
        m.put("agent_id", YamlCodec.asMap(agent).map(a -> a.get("id")).map(String::valueOf).orElse(""));
        m.put("snapshot", version.snapshot());
        m.put("version", version.version());
        m.put("unprivileged", HostInfo.current().uid() != 0);
        m.put("is_standalone", config.isEmpty());
        return m;
    }

    private Map<String, Object> lastPolicy(java.util.function.Consumer<String> warn) {
        try {
            return new Inspection(paths).storedPolicy();
        } catch (AgentException e) {
            warn.accept("no pre-config.yaml: " + e.getMessage());
            return Map.of();
        }
    }

    /** state.yaml and components-actual.yaml from the daemon; an error text in them (as the real hooks write) when none answers. */
    private Map<String, byte[]> daemonState(java.util.function.Consumer<String> warn) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ControlClient client = ControlClient.connect(paths.socket())) {
            AgentState s = client.state(Duration.ofSeconds(30));
            Map<String, Object> json = s.toJson();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("state", String.valueOf(s.state()));
            state.put("message", s.message());
            state.put("fleet_state", String.valueOf(s.fleetState()));
            state.put("fleet_message", s.fleetMessage());
            state.put("info", json.get("info"));
            state.put("components", json.get("components"));
            out.put("state.yaml", yaml(state));
            out.put("components-actual.yaml", yaml(Map.of("components", json.getOrDefault("components", List.of()))));
        } catch (AgentException e) {
            warn.accept("no daemon state in the archive: " + e.getMessage());
            out.put("state.yaml", error(e.getMessage()));
            out.put("components-actual.yaml", error(e.getMessage()));
        }
        return out;
    }

    private static Map<String, Object> hostFacts() {
        HostInfo h = HostInfo.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostname", h.hostname());
        m.put("architecture", h.architecture());
        m.put("os", Map.of("family", h.osFamily(), "platform", h.osPlatform(), "name", h.osName(), "version", h.osVersion(),
                "full", h.osFull(), "kernel", h.kernel()));
        m.put("ips", h.ips());
        m.put("uid", h.uid());
        Runtime rt = Runtime.getRuntime();
        m.put("cpus", rt.availableProcessors());
        m.put("java", Map.of("version", System.getProperty("java.version"), "vendor", System.getProperty("java.vendor"),
                "max_heap_bytes", rt.maxMemory()));
        return m;
    }

    private void addLogs(Map<String, byte[]> entries, boolean excludeEvents, java.util.function.Consumer<String> warn) {
        List<Path> dirs = new ArrayList<>(List.of(paths.logs()));
        if (!excludeEvents) {
            dirs.add(paths.logs().resolve("events"));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                for (Path f : LogFiles.list(dir).stream().sorted(Comparator.comparing(Path::toString)).toList()) {
                    entries.put("logs/" + paths.logs().relativize(f), Files.readAllBytes(f));
                }
            } catch (IOException e) {
                warn.accept("some logs are missing from the archive: " + e.getMessage());
            }
        }
    }

    private static byte[] zip(Map<String, byte[]> entries, Set<String> secrets) throws IOException {
        List<String> scrubbed = secrets.stream().filter(s -> s.length() >= MIN_SCRUBBED)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(scrub(e.getValue(), scrubbed));
                z.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    private static byte[] scrub(byte[] content, List<String> secrets) {
        String text = new String(content, StandardCharsets.UTF_8);
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, Redaction.REDACTED);
        }
        return out == text ? content : out.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] yaml(Map<String, Object> doc) {
        return YamlCodec.dumpInOrder(doc).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(String message) {
        return ("error: " + Json.writeString(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
