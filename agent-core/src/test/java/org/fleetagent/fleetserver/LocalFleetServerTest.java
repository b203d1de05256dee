package org.fleetagent.fleetserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.ExpectedConfigurations;
import org.fleetagent.component.Policy;
import org.fleetagent.json.Json;
import org.fleetagent.store.FleetConfig;
import org.junit.jupiter.api.Test;

/** What the components of a policy (plus a local Fleet Server) are told to run. */
class LocalFleetServerTest {
    private static final FleetConfig.FleetServer SERVER = new FleetConfig.FleetServer(true, "fs-policy", "0.0.0.0", 8220, null,
            null, bootstrapEs(), Map.of());

    private static Map<String, Object> bootstrapEs() {
        Map<String, Object> es = new LinkedHashMap<>();
        es.put("hosts", List.of("http://es:9200"));
        es.put("service_token", "tok");
        return es;
    }

    private static Policy policy(String json) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) Json.read(json.getBytes(StandardCharsets.UTF_8), Object.class);
        return Policy.of(doc);
    }

    @Test
    void withoutAPolicyTheLocalFleetServerRunsAloneWithTheBootstrapConnection() {
        Map<String, Object> fs = LocalFleetServer.bootstrapComponentConfiguration(SERVER);
        assertEquals(Map.of("id", "", "version", org.fleetagent.version.AgentVersion.current().version()), fs.get("agent"));
        assertEquals("[{\"id\":\"fleet-server-default-fleet-server\",\"type\":\"input\",\"input_type\":\"fleet-server\","
                + "\"config\":{\"id\":\"fleet-server\",\"type\":\"fleet-server\",\"use_output\":\"default\","
                + "\"server\":{\"host\":\"0.0.0.0\",\"port\":8220},\"policy\":{\"id\":\"fs-policy\"}}},"
                + "{\"id\":\"fleet-server-default\",\"type\":\"output\",\"output_type\":\"elasticsearch\","
                + "\"config\":{\"type\":\"elasticsearch\",\"bootstrap\":{\"hosts\":[\"http://es:9200\"],\"service_token\":\"tok\"}}}]",
                Json.writeString(fs.get("units")));
    }

    @Test
    void aPolicysFleetServerInputKeepsItsSettingsButListensWhereFleetServerBlockSays() throws Exception {
        Policy p = policy("""
                {"id":"p1","revision":4,"inputs":[
                  {"id":"fs","type":"fleet-server","use_output":"es1","server":{"port":9999,"limits":{"max":5}}},
                  {"id":"logs-1","type":"filestream","use_output":"es1","streams":[{"paths":["/var/log/*.log"]}]}],
                 "outputs":{"es1":{"type":"elasticsearch","hosts":["https://es1:9200"]}}}""");
        Map<String, Map<String, Object>> byType = ExpectedConfigurations.of(LocalFleetServer.policy(SERVER, p), "agent-1");
        assertEquals(List.of("filestream", "fleet-server"), List.copyOf(byType.keySet()));
        assertEquals("[{\"id\":\"fleet-server-es1-fs\",\"type\":\"input\",\"input_type\":\"fleet-server\","
                + "\"config\":{\"id\":\"fs\",\"type\":\"fleet-server\",\"use_output\":\"es1\","
                + "\"server\":{\"port\":8220,\"limits\":{\"max\":5},\"host\":\"0.0.0.0\"}}},"
                + "{\"id\":\"fleet-server-es1\",\"type\":\"output\",\"output_type\":\"elasticsearch\","
                + "\"config\":{\"type\":\"elasticsearch\",\"hosts\":[\"https://es1:9200\"]}}]",
                Json.writeString(byType.get("fleet-server").get("units")));
        assertEquals("{\"id\":\"logs-1\",\"type\":\"filestream\",\"use_output\":\"es1\",\"streams\":[{\"paths\":[\"/var/log/*.log\"]}]}",
                Json.writeString(((Map<?, ?>) ((List<?>) byType.get("filestream").get("units")).get(0)).get("config")));
        assertEquals(9999, ((Map<?, ?>) p.inputs().get(0).config().get("server")).get("port"), "the policy as Fleet sent it is left alone");
    }

    @Test
    void aPolicyIsReadOnceIntoWhatTheAgentUses() throws Exception {
        Policy p = policy("""
                {"id":"p2","revision":7,"fleet":{"hosts":["https://f1:8220"],"proxy_disable":true},
                 "inputs":[{"type":"system/metrics"}],"outputs":{"default":{"type":"logstash"}},"agent":{"x":1}}""");
        assertEquals("p2", p.id());
        assertEquals(7L, p.revision());
        assertEquals(List.of("https://f1:8220"), p.fleet().hosts());
        assertEquals("logstash", p.outputs().get("default").type());
        assertEquals(Map.of("x", 1), p.document().get("agent"));
        Map<String, Map<String, Object>> byType = ExpectedConfigurations.of(p, "a");
        assertEquals("system/metrics-default-system/metrics",
                ((Map<?, ?>) ((List<?>) byType.get("system/metrics").get("units")).get(0)).get("id"));
    }

    @Test
    void aMemberOfTheWrongTypeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policy("{\"inputs\":{\"a\":1}}"));
        assertTrue(e.getMessage().startsWith("unexpected document"), e.getMessage());
    }
}
