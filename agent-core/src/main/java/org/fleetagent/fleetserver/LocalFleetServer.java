package org.fleetagent.fleetserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.ExpectedConfigurations;
import org.fleetagent.component.Policy;
import org.fleetagent.json.Json;
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
    public static Policy policy(FleetConfig.FleetServer server, Policy policy) {
        Policy p = policy == null ? Policy.NONE : policy;
        if (server == null) {
            return p;
        }
        String policyId = server.policyId();
        String id = p.document().containsKey("id") ? p.id() : policyId == null ? "fleet-server-policy" : policyId;
        List<Policy.Input> inputs = new ArrayList<>();
        boolean hasFleetServer = false;
        for (Policy.Input in : p.inputs()) {
            if ("fleet-server".equals(in.type())) {
                hasFleetServer = true;
                Map<String, Object> config = new LinkedHashMap<>(in.config());
                Map<String, Object> merged = merged(in.server(), server);
                config.put("server", merged);
                inputs.add(new Policy.Input(in.id(), in.type(), in.useOutput(), merged, config));
            } else {
                inputs.add(in);
            }
        }
        if (!hasFleetServer) {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("id", "fleet-server");
            in.put("type", "fleet-server");
            in.put("use_output", "default");
            Map<String, Object> merged = merged(null, server);
            in.put("server", merged);
            if (policyId != null) {
                in.put("policy", new LinkedHashMap<>(Map.of("id", policyId)));
            }
            inputs.add(new Policy.Input("fleet-server", "fleet-server", "default", merged, in));
        }
        Map<String, Policy.Output> outputs = new LinkedHashMap<>(p.outputs());
        Policy.Output given = outputs.get("default");
        Map<String, Object> out = given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given.config());
        out.putIfAbsent("type", "elasticsearch");
        if (server.elasticsearch() != null) {
            out.put("bootstrap", Json.copy(server.elasticsearch()));
        }
        outputs.put("default", new Policy.Output(given == null || given.type() == null ? "elasticsearch" : given.type(), out));
        return new Policy(id, p.revision(), p.fleet(), inputs, outputs, p.document());
    }

    /** The listener settings of {@code fleet.server} (host, ports, TLS) win over the policy's: they are local. */
    private static Map<String, Object> merged(Map<String, Object> fromPolicy, FleetConfig.FleetServer server) {
        Map<String, Object> s = fromPolicy == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fromPolicy);
        putCopy(s, "host", server.host());
        putCopy(s, "port", server.port());
        putCopy(s, "internal_port", server.internalPort());
        putCopy(s, "ssl", server.ssl());
        return s;
    }

    private static void putCopy(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, Json.copy(value));
        }
    }
}
