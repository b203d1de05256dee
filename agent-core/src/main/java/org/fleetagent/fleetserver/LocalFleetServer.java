package org.fleetagent.fleetserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.ExpectedConfigurations;
import org.fleetagent.json.JsonValue;
import org.fleetagent.store.FleetConfig;

/**
 * The policy a daemon with a local Fleet Server runs (the daemon and the bootstrap both build it here): the Fleet
 * policy (if any) plus a {@code fleet-server} input built from {@code fleet.server} when the policy has none, and
 * the bootstrap Elasticsearch connection put under the output's {@code bootstrap} key, where fleet-server looks for
 * it (reference/fleet-server-api.md §6).
 */
public final class LocalFleetServer {
    private LocalFleetServer() {
    }

    /**
     * The expected configuration a daemon started with this {@code fleet.server} block (and no agent id yet) gives
     * the fleet-server component: what the bootstrap hands a prestarted component before the daemon is up.
     */
    public static Map<String, Object> bootstrapComponentConfiguration(FleetConfig.FleetServer server) {
        return ExpectedConfigurations.of(policy(server, null), "").get("fleet-server");
    }

    /**
     * @param server the {@code fleet.server} block, or null when this agent runs no Fleet Server
     * @param policy the Fleet policy, or null before the first one
     */
    public static JsonValue policy(FleetConfig.FleetServer server, JsonValue policy) {
        Map<String, Object> p = policy != null && policy.isObject() ? object(policy.copy()) : new LinkedHashMap<>();
        if (server == null) {
            return JsonValue.of(p);
        }
        String policyId = server.policyId();
        if (!p.containsKey("id")) {
            p.put("id", policyId == null ? "fleet-server-policy" : policyId);
        }
        List<Object> inputs = JsonValue.of(p).path("inputs").isArray() ? list(p.get("inputs")) : new ArrayList<>();
        p.put("inputs", inputs);
        boolean hasFleetServer = false;
        for (JsonValue in : JsonValue.of(inputs)) {
            if (in.isObject() && "fleet-server".equals(in.path("type").asText())) {
                hasFleetServer = true;
                Map<String, Object> m = object(in.value());
                m.put("server", merged(in.path("server"), server));
            }
        }
        if (!hasFleetServer) {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("id", "fleet-server");
            in.put("type", "fleet-server");
            in.put("use_output", "default");
            in.put("server", merged(JsonValue.of(null), server));
            if (policyId != null) {
                in.put("policy", new LinkedHashMap<>(Map.of("id", policyId)));
            }
            inputs.add(in);
        }
        JsonValue outputsNode = JsonValue.of(p).path("outputs");
        Map<String, Object> outputs = outputsNode.isObject() ? object(outputsNode.value()) : new LinkedHashMap<>();
        p.put("outputs", outputs);
        JsonValue defaultNode = JsonValue.of(outputs).path("default");
        Map<String, Object> out = defaultNode.isObject() ? object(defaultNode.value()) : new LinkedHashMap<>();
        outputs.put("default", out);
        out.putIfAbsent("type", "elasticsearch");
        if (server.elasticsearch() != null) {
            out.put("bootstrap", JsonValue.of(server.elasticsearch()).copy());
        }
        return JsonValue.of(p);
    }

    /** The listener settings of {@code fleet.server} (host, ports, TLS) win over the policy's: they are local. */
    private static Map<String, Object> merged(JsonValue fromPolicy, FleetConfig.FleetServer server) {
        Map<String, Object> s = fromPolicy.isObject() ? object(fromPolicy.copy()) : new LinkedHashMap<>();
        putCopy(s, "host", server.host());
        putCopy(s, "port", server.port());
        putCopy(s, "internal_port", server.internalPort());
        putCopy(s, "ssl", server.ssl());
        return s;
    }

    private static void putCopy(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, JsonValue.of(value).copy());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object copied) {
        return (Map<String, Object>) copied;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object copied) {
        return (List<Object>) copied;
    }
}
