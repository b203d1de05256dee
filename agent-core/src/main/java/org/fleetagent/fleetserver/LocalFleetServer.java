package org.fleetagent.fleetserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.ExpectedConfigurations;
import org.fleetagent.json.JsonValue;

/**
 * The policy a daemon with a local Fleet Server runs (the daemon and the bootstrap both build it here): the Fleet policy (if any) plus a {@code fleet-server} input
 * built from {@code fleet.server} when the policy has none, and the bootstrap Elasticsearch connection put under
 * the output's {@code bootstrap} key, where fleet-server looks for it (reference/fleet-server-api.md §6).
 */
public final class LocalFleetServer {
    private LocalFleetServer() {
    }

    /**
     * The expected configuration a daemon started with this {@code fleet.server} block (and no agent id yet) gives
     * the fleet-server component: what the bootstrap hands a prestarted component before the daemon is up.
     */
    public static Map<String, Object> bootstrapComponentConfiguration(Map<String, Object> server) {
        return ExpectedConfigurations.of(policy(server, null), "").get("fleet-server");
    }

    /**
     * @param server the {@code fleet.server} block, or null when this agent runs no Fleet Server
     * @param policy the Fleet policy, or null before the first one
     */
    public static JsonValue policy(Map<String, Object> server, JsonValue policy) {
        Map<String, Object> p = policy != null && policy.isObject() ? object(policy.copy()) : new LinkedHashMap<>();
        if (server == null) {
            return JsonValue.of(p);
        }
        Object policyBlock = server.get("policy");
        String policyId = policyBlock instanceof Map<?, ?> pm && pm.get("id") != null ? String.valueOf(pm.get("id")) : null;
        if (!p.containsKey("id")) {
            p.put("id", policyId == null ? "fleet-server-policy" : policyId);
        }
        List<Object> inputs = p.get("inputs") instanceof List<?> ? list(p.get("inputs")) : new ArrayList<>();
        p.put("inputs", inputs);
        boolean hasFleetServer = false;
        for (Object in : inputs) {
            if (in instanceof Map<?, ?> && "fleet-server".equals(JsonValue.of(in).path("type").asText())) {
                hasFleetServer = true;
                Map<String, Object> m = object(in);
                m.put("server", merged(m.get("server"), server));
            }
        }
        if (!hasFleetServer) {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("id", "fleet-server");
            in.put("type", "fleet-server");
            in.put("use_output", "default");
            in.put("server", merged(null, server));
            if (policyId != null) {
                in.put("policy", new LinkedHashMap<>(Map.of("id", policyId)));
            }
            inputs.add(in);
        }
        Map<String, Object> outputs = p.get("outputs") instanceof Map<?, ?> ? object(p.get("outputs")) : new LinkedHashMap<>();
        p.put("outputs", outputs);
        Map<String, Object> out = outputs.get("default") instanceof Map<?, ?> ? object(outputs.get("default")) : new LinkedHashMap<>();
        outputs.put("default", out);
        out.putIfAbsent("type", "elasticsearch");
        Object output = server.get("output");
        if (output instanceof Map<?, ?> om && om.get("elasticsearch") instanceof Map<?, ?> es) {
            out.put("bootstrap", JsonValue.of(es).copy());
        }
        return JsonValue.of(p);
    }

    /** The listener settings of {@code fleet.server} (host, ports, TLS) win over the policy's: they are local. */
    private static Map<String, Object> merged(Object fromPolicy, Map<String, Object> server) {
        Map<String, Object> s = fromPolicy instanceof Map<?, ?> ? object(JsonValue.of(fromPolicy).copy()) : new LinkedHashMap<>();
        for (String k : new String[] {"host", "port", "internal_port", "ssl"}) {
            if (server.get(k) != null) {
                s.put(k, JsonValue.of(server.get(k)).copy());
            }
        }
        return s;
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
