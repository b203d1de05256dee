package org.fleetagent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfigStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container's agent.* variables row by row against the real one (configuration/grpc.go GetContainerGRPCPort,
 * monitoring/config/config.go DefaultConfig, container.go containerLoggingCfgOverrides and containerCfgOverrides).
 */
class ContainerAgentSettingsTest {
    @TempDir
    Path home;

    static Stream<Arguments> rows() {
        return Stream.of(
                row("nothing set", vars(), Map.of(), 0),
                row("ELASTIC_AGENT_GRPC_PORT=6789", vars("ELASTIC_AGENT_GRPC_PORT", "6789"), Map.of("grpc.port", 6789), 0),
                row("ELASTIC_AGENT_GRPC_PORT=0 (the container default)", vars("ELASTIC_AGENT_GRPC_PORT", "0"), Map.of("grpc.port", 0), 0),
                row("ELASTIC_AGENT_GRPC_PORT=65536 wraps in Go: refused", vars("ELASTIC_AGENT_GRPC_PORT", "65536"), Map.of(), 1),
                row("ELASTIC_AGENT_GRPC_PORT=abc: Atoi fails", vars("ELASTIC_AGENT_GRPC_PORT", "abc"), Map.of(), 1),
                row("ELASTIC_AGENT_GRPC_PORT empty: Atoi fails", vars("ELASTIC_AGENT_GRPC_PORT", ""), Map.of(), 1),
                row("AGENT_MONITORING_RUNTIME_EXPERIMENTAL=otel", vars("AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "otel"),
                        Map.of("monitoring._runtime_experimental", "otel"), 0),
                row("AGENT_MONITORING_RUNTIME_EXPERIMENTAL=process", vars("AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "process"),
                        Map.of("monitoring._runtime_experimental", "process"), 0),
                row("AGENT_MONITORING_RUNTIME_EXPERIMENTAL=OTEL (the real switch is case-sensitive)",
                        vars("AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "OTEL"), Map.of(), 1),
                row("AGENT_MONITORING_RUNTIME_EXPERIMENTAL empty: the default", vars("AGENT_MONITORING_RUNTIME_EXPERIMENTAL", ""), Map.of(), 0),
                row("HTTPPROF=yes (envBool)", vars("HTTPPROF", "yes"), Map.of("monitoring.pprof.enabled", true), 0),
                row("HTTPPROF=0", vars("HTTPPROF", "0"), Map.of(), 0),
                row("EVENTS_TO_STDERR=true", vars("EVENTS_TO_STDERR", "true"),
                        Map.of("logging.event_data.to_stderr", true, "logging.event_data.to_files", false), 0),
                row("EVENTS_TO_STDERR=T (ParseBool)", vars("EVENTS_TO_STDERR", "T"),
                        Map.of("logging.event_data.to_stderr", true, "logging.event_data.to_files", false), 0),
                row("EVENTS_TO_STDERR=false", vars("EVENTS_TO_STDERR", "false"), Map.of(), 0),
                row("EVENTS_TO_STDERR=yes: ParseBool fails, events to file", vars("EVENTS_TO_STDERR", "yes"), Map.of(), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsAsTheRealOne(String name, Map<String, String> env, Map<String, Object> expected, int warnings) {
        ContainerAgentSettings.Settings s = ContainerAgentSettings.from(env);
        assertEquals(expected, s.values());
        assertEquals(warnings, s.warnings().size(), s.warnings().toString());
        s.warnings().forEach(w -> assertTrue(w.startsWith(env.keySet().iterator().next() + "=") || w.startsWith("cannot parse EVENTS_TO_STDERR="), w));
    }

    @Test
    void theWarningsSayWhatIsUsedInstead() {
        assertEquals(List.of("ELASTIC_AGENT_GRPC_PORT=99999 is not a port (0 to 65535): it is ignored, the container default 0 (any free port) stays"),
                ContainerAgentSettings.from(Map.of("ELASTIC_AGENT_GRPC_PORT", "99999")).warnings());
        assertEquals(List.of("cannot parse EVENTS_TO_STDERR='on' as boolean, logging events to file"),
                ContainerAgentSettings.from(Map.of("EVENTS_TO_STDERR", "on")).warnings());
    }

    @Test
    void eachStartReplacesWhatThePreviousOneRecordedAndKeepsTheRest() {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("id", "a1");
        agent.put("grpc.port", 1234);
        agent.put("monitoring.pprof.enabled", true);
        Map<String, Object> out = ContainerAgentSettings.over(agent, ContainerAgentSettings.from(Map.of("AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "otel")));
        assertEquals(Map.of("id", "a1", "monitoring._runtime_experimental", "otel"), out);
    }

    @Test
    void recordedInFleetEncSoTheStoredConfigurationCarriesThem() throws Exception {
        AgentPaths paths = AgentPaths.of(home, null, null, null, null);
        assertFalse(ContainerAgentSettings.applyStored(ContainerAgentSettings.from(Map.of("ELASTIC_AGENT_GRPC_PORT", "7000")), paths),
                "nothing to record without an enrollment");
        FleetConfigStore store = new FleetConfigStore(paths);
        store.saveEnrolled(Map.of("agent", Map.of("id", "agent-1"), "fleet", Map.of("enabled", true, "host", "fleet:8220")));

        assertTrue(ContainerAgentSettings.applyStored(ContainerAgentSettings.from(Map.of("ELASTIC_AGENT_GRPC_PORT", "7000")), paths));
        assertEquals(Map.of("grpc.port", 7000), new FleetConfigStore(paths).read().agent().other());
        assertEquals("agent-1", new FleetConfigStore(paths).read().agentId());
        assertFalse(ContainerAgentSettings.applyStored(ContainerAgentSettings.from(Map.of("ELASTIC_AGENT_GRPC_PORT", "7000")), paths),
                "unchanged: not rewritten");
        assertTrue(ContainerAgentSettings.applyStored(ContainerAgentSettings.from(Map.of()), paths));
        assertEquals(Map.of(), new FleetConfigStore(paths).read().agent().other());
        assertEquals("agent-1", new FleetConfigStore(paths).read().agentId());
        assertTrue(new FleetConfigStore(paths).read().fleetEnabled());
    }

    private static Arguments row(String name, Map<String, String> env, Map<String, Object> expected, int warnings) {
        return Arguments.of(name, env, expected, warnings);
    }

    private static Map<String, String> vars(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
