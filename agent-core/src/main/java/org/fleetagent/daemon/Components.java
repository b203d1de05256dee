package org.fleetagent.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.fleetagent.component.ComponentSupervisor;
import org.fleetagent.control.ComponentState;
import org.fleetagent.json.Json;
import org.fleetagent.json.JsonValue;
import org.fleetagent.version.AgentVersion;

/**
 * The components a policy asks for: one per input type, run from {@code <home>/components/<type>}, each fed its
 * input units and the output they use, as the component protocol's expected configuration.
 */
final class Components implements AutoCloseable {
    private final Path dir;
    private final Consumer<ComponentState> publish;
    private final Consumer<String> removed;
    private final Map<String, Running> running = new HashMap<>();

    /** A component's supervisor, and whether a policy dropped it: its supervisor's last reports are then not published. */
    private record Running(ComponentSupervisor supervisor, AtomicBoolean gone) {
    }

    /**
     * @param publish receives every state change of a running component
     * @param removed receives the id of a component that a new policy no longer has, once it stopped
     */
    Components(Path dir, Consumer<ComponentState> publish, Consumer<String> removed) {
        this.dir = dir;
        this.publish = publish;
        this.removed = removed;
    }

    /** Starts, updates and stops components to match the policy. */
    synchronized void apply(JsonValue policy, String agentId) {
        Map<String, Map<String, Object>> byType = expectedConfigurations(policy, agentId);
        for (String type : Set.copyOf(running.keySet())) {
            if (!byType.containsKey(type)) {
                Running r = running.remove(type);
                r.gone().set(true);
                r.supervisor().close();
                removed.accept(r.supervisor().state().id());
            }
        }
        byType.forEach((type, expected) -> {
            Running r = running.get(type);
            if (r == null) {
                AtomicBoolean gone = new AtomicBoolean();
                ComponentSupervisor s = new ComponentSupervisor(type, dir, c -> {
                    if (!gone.get()) {
                        publish.accept(c);
                    }
                }, Duration.ofSeconds(1), Duration.ofSeconds(30));
                running.put(type, new Running(s, gone));
                s.start(expected);
            } else {
                r.supervisor().update(expected);
            }
        });
    }

    /** The expected configuration of each component the policy asks for, by component type. */
    static Map<String, Map<String, Object>> expectedConfigurations(JsonValue policy, String agentId) {
        Map<String, List<JsonValue>> byType = new TreeMap<>();
        for (JsonValue input : policy.path("inputs")) {
            String type = input.path("type").asText("");
            if (!type.isEmpty()) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(input);
            }
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        byType.forEach((type, inputs) -> out.put(type, expected(type, inputs, policy, agentId)));
        return out;
    }

    private static Map<String, Object> expected(String type, List<JsonValue> inputs, JsonValue policy, String agentId) {
        List<Map<String, Object>> units = new ArrayList<>();
        String outputName = "default";
        for (JsonValue in : inputs) {
            String id = in.path("id").asText(type);
            outputName = in.path("use_output").asText(outputName);
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", type + "-" + outputName + "-" + id);
            u.put("type", "input");
            u.put("input_type", type);
            u.put("config", Json.toMap(in));
            units.add(u);
        }
        JsonValue output = policy.path("outputs").path(outputName);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", type + "-" + outputName);
        out.put("type", "output");
        out.put("output_type", output.path("type").asText("elasticsearch"));
        out.put("config", output.isObject() ? Json.toMap(output) : Map.of());
        units.add(out);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", Map.of("id", agentId, "version", AgentVersion.current().version()));
        m.put("units", units);
        return m;
    }

    @Override
    public synchronized void close() {
        running.values().forEach(r -> r.supervisor().close());
        running.clear();
    }
}
