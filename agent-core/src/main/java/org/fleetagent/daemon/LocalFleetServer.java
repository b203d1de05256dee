package org.fleetagent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.fleetagent.json.Json;

/**
 * The policy a daemon with a local Fleet Server runs: the Fleet policy (if any) plus a {@code fleet-server} input
 * built from {@code fleet.server} when the policy has none, and the bootstrap Elasticsearch connection put under
 * the output's {@code bootstrap} key, where fleet-server looks for it (reference/fleet-server-api.md §6).
 */
final class LocalFleetServer {
    private LocalFleetServer() {
    }

    /**
     * @param server the {@code fleet.server} block, or null when this agent runs no Fleet Server
     * @param policy the Fleet policy, or null before the first one
     */
    static JsonNode policy(Map<String, Object> server, JsonNode policy) {
        ObjectNode p = policy == null || !policy.isObject() ? Json.mapper().createObjectNode() : policy.deepCopy();
        if (server == null) {
            return p;
        }
        Object policyBlock = server.get("policy");
        String policyId = policyBlock instanceof Map<?, ?> pm && pm.get("id") != null ? String.valueOf(pm.get("id")) : null;
        if (!p.has("id")) {
            p.put("id", policyId == null ? "fleet-server-policy" : policyId);
        }
        ArrayNode inputs = p.has("inputs") && p.get("inputs").isArray() ? (ArrayNode) p.get("inputs") : p.putArray("inputs");
        boolean hasFleetServer = false;
        for (JsonNode in : inputs) {
            if ("fleet-server".equals(in.path("type").asText())) {
                hasFleetServer = true;
                ((ObjectNode) in).set("server", merged(in.path("server"), server));
            }
        }
        if (!hasFleetServer) {
            ObjectNode in = inputs.addObject();
            in.put("id", "fleet-server");
            in.put("type", "fleet-server");
            in.put("use_output", "default");
            in.set("server", merged(Json.mapper().createObjectNode(), server));
            if (policyId != null) {
                in.putObject("policy").put("id", policyId);
            }
        }
        ObjectNode outputs = p.has("outputs") && p.get("outputs").isObject() ? (ObjectNode) p.get("outputs") : p.putObject("outputs");
        ObjectNode out = outputs.has("default") && outputs.get("default").isObject()
                ? (ObjectNode) outputs.get("default") : outputs.putObject("default");
        if (!out.has("type")) {
            out.put("type", "elasticsearch");
        }
        Object output = server.get("output");
        if (output instanceof Map<?, ?> om && om.get("elasticsearch") instanceof Map<?, ?> es) {
            out.set("bootstrap", Json.mapper().valueToTree(es));
        }
        return p;
    }

    /** The listener settings of {@code fleet.server} (host, ports, TLS) win over the policy's: they are local. */
    private static JsonNode merged(JsonNode fromPolicy, Map<String, Object> server) {
        ObjectNode s = fromPolicy.isObject() ? ((ObjectNode) fromPolicy).deepCopy() : Json.mapper().createObjectNode();
        for (String k : new String[] {"host", "port", "internal_port", "ssl"}) {
            if (server.get(k) != null) {
                s.set(k, Json.mapper().valueToTree(server.get(k)));
            }
        }
        return s;
    }
}
