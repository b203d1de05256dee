package org.fleetagent.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleetagent.version.AgentVersion;

/**
 * What a policy asks of each component: one component per input type, fed its input units and the output they use,
 * in the component protocol's shape (design.md, "Component protocol").
 */
public final class ExpectedConfigurations {
    private ExpectedConfigurations() {
    }

    /** The expected configuration of each component the policy asks for, by component type. */
    public static Map<String, Map<String, Object>> of(Policy policy, String agentId) {
        Map<String, List<Policy.Input>> byType = new TreeMap<>();
        for (Policy.Input input : policy.inputs()) {
            String type = input.type() == null ? "" : input.type();
            if (!type.isEmpty()) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(input);
            }
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        byType.forEach((type, inputs) -> out.put(type, expected(type, inputs, policy, agentId)));
        return out;
    }

    private static Map<String, Object> expected(String type, List<Policy.Input> inputs, Policy policy, String agentId) {
        List<Map<String, Object>> units = new ArrayList<>();
        String outputName = "default";
        for (Policy.Input in : inputs) {
            String id = in.id() == null ? type : in.id();
            outputName = in.useOutput() == null ? outputName : in.useOutput();
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", type + "-" + outputName + "-" + id);
            u.put("type", "input");
            u.put("input_type", type);
            u.put("config", in.config());
            units.add(u);
        }
        Policy.Output output = policy.outputs().get(outputName);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", type + "-" + outputName);
        out.put("type", "output");
        out.put("output_type", output == null || output.type() == null ? "elasticsearch" : output.type());
        out.put("config", output == null ? Map.of() : output.config());
        units.add(out);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", Map.of("id", agentId, "version", AgentVersion.current().version()));
        m.put("units", units);
        return m;
    }
}
