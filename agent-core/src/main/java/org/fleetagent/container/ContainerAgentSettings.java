package org.fleetagent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;

/**
 * The {@code agent.*} settings the real entrypoint takes from the environment at every container start
 * ({@code cmd/container.go} containerLoggingCfgOverrides and containerCfgOverrides, {@code configuration/grpc.go}
 * GetContainerGRPCPort, {@code core/monitoring/config/config.go} DefaultConfig): ELASTIC_AGENT_GRPC_PORT,
 * AGENT_MONITORING_RUNTIME_EXPERIMENTAL, HTTPPROF and EVENTS_TO_STDERR. The real one holds them in memory; here they
 * are recorded in fleet.enc under the same keys on each start (and removed when the variable is gone), so the
 * stored configuration says what this start runs with and a real agent started on the same state reads them alike.
 */
public final class ContainerAgentSettings {
    public static final String GRPC_PORT = "ELASTIC_AGENT_GRPC_PORT";
    public static final String MONITORING_RUNTIME = "AGENT_MONITORING_RUNTIME_EXPERIMENTAL";
    public static final String EVENTS_TO_STDERR = "EVENTS_TO_STDERR";
    public static final String HTTPPROF = "HTTPPROF";

    /** The keys of the {@code agent} section this class owns, dotted as the real agent's config reads them. */
    static final List<String> KEYS = List.of("grpc.port", "monitoring._runtime_experimental", "monitoring.pprof.enabled",
            "logging.event_data.to_stderr", "logging.event_data.to_files");

    /**
     * @param values   the keys of {@link #KEYS} the environment sets, in that order
     * @param warnings one line per value that is not read, naming what is used instead
     */
    public record Settings(Map<String, Object> values, List<String> warnings) {
        public Settings {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            warnings = List.copyOf(warnings);
        }
    }

    private ContainerAgentSettings() {
    }

    /** What {@code env} sets; a value the real one would drop (it says nothing) is dropped with a warning here. */
    public static Settings from(Map<String, String> env) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String port = env.get(GRPC_PORT);
        if (port != null) {
            Integer p = port(port);
            if (p == null) {
                warnings.add(GRPC_PORT + "=" + port + " is not a port (0 to 65535): it is ignored, the container default 0 (any free port) stays");
            } else {
                values.put("grpc.port", p);
            }
        }
        String runtime = env.get(MONITORING_RUNTIME);
        if (runtime != null && !runtime.isEmpty()) {
            if (Set.of("process", "otel").contains(runtime)) {
                values.put("monitoring._runtime_experimental", runtime);
            } else {
                warnings.add(MONITORING_RUNTIME + "=" + runtime + " is neither process nor otel: it is ignored, the default runtime stays");
            }
        }
        if (ContainerEnv.isTrue(env.get(HTTPPROF))) {
            values.put("monitoring.pprof.enabled", true);
        }
        String events = env.get(EVENTS_TO_STDERR);
        if (events != null) {
            Boolean b = goParseBool(events);
            if (b == null) {
                // the real one's own words (container.go)
                warnings.add("cannot parse " + EVENTS_TO_STDERR + "='" + events + "' as boolean, logging events to file");
            } else if (b) {
                values.put("logging.event_data.to_stderr", true);
                values.put("logging.event_data.to_files", false);
            }
        }
        return new Settings(values, warnings);
    }

    /** {@code agent} with the keys of {@link #KEYS} replaced by {@code s}'s (absent ones removed); other keys kept in place. */
    public static Map<String, Object> over(Map<String, Object> agent, Settings s) {
        Map<String, Object> out = new LinkedHashMap<>(agent);
        KEYS.forEach(out::remove);
        out.putAll(s.values());
        return out;
    }

    /**
     * Records {@code s} in the enrollment stored at {@code paths}, writing only when it changes something.
     *
     * @return whether fleet.enc was rewritten (false without an enrollment)
     */
    public static boolean applyStored(Settings s, AgentPaths paths) throws IOException {
        if (!Files.exists(paths.fleetEnc())) {
            return false;
        }
        FleetConfigStore store = new FleetConfigStore(paths);
        FleetConfig stored = store.read();
        FleetConfig.Agent agent = stored.agent() == null ? new FleetConfig.Agent(null, Map.of()) : stored.agent();
        Map<String, Object> other = over(agent.other(), s);
        if (Objects.equals(other, agent.other())) {
            return false;
        }
        store.write(new FleetConfig(new FleetConfig.Agent(agent.id(), other), stored.fleet(), stored.other()));
        return true;
    }

    /** Go's {@code strconv.Atoi} then the uint16 a port is, refusing what would wrap around. */
    private static Integer port(String v) {
        if (!v.matches("[+-]?[0-9]{1,9}")) {
            return null;
        }
        int p = Integer.parseInt(v);
        return p >= 0 && p <= 65535 ? p : null;
    }

    /** Go's {@code strconv.ParseBool}: null when it returns an error. */
    static Boolean goParseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> null;
        };
    }
}
