package org.fleetagent.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.fleet.PolicyFleet;
import org.fleetagent.json.Json;

/**
 * A Fleet policy. Policies are open-ended (each input and output carries settings only its component understands),
 * so the document stays a map at the edge, kept to be stored and handed to components as it came; it is read once,
 * with jackson-jr's binding, into typed values for what the agent itself uses: id, revision, Fleet settings, the
 * inputs' types and outputs, the outputs' types.
 *
 * @param document the policy as Fleet sent it (empty before the first one)
 */
public record Policy(String id, Long revision, PolicyFleet fleet, List<Input> inputs, Map<String, Output> outputs,
                     Map<String, Object> document) {
    /** No policy yet. */
    public static final Policy NONE = new Policy(null, null, null, List.of(), Map.of(), Map.of());

    /**
     * An input: what the agent reads of it, and all of it ({@code config}) for its component.
     *
     * @param server the {@code server} settings of a fleet-server input, or null
     */
    public record Input(String id, String type, String useOutput, Map<String, Object> server, Map<String, Object> config) {
    }

    /** An output: its type, and all of it ({@code config}) for the components that use it. */
    public record Output(String type, Map<String, Object> config) {
    }

    // the members the agent reads; names as in the JSON
    private record Head(String id, Long revision, PolicyFleet fleet, List<Map<String, Object>> inputs,
                        Map<String, Map<String, Object>> outputs) {
    }

    private record InputHead(String id, String type, String use_output, Map<String, Object> server) {
    }

    private record OutputHead(String type) {
    }

    /** Reads a policy document; throws {@link IllegalArgumentException} when a member the agent reads has the wrong type. */
    public static Policy of(Map<String, Object> document) {
        Head h = Json.convert(document, Head.class);
        List<Input> inputs = new ArrayList<>();
        for (Map<String, Object> in : h.inputs() == null ? List.<Map<String, Object>>of() : h.inputs()) {
            if (in == null) {
                continue;
            }
            InputHead i = Json.convert(in, InputHead.class);
            inputs.add(new Input(i.id(), i.type(), i.use_output(), i.server(), in));
        }
        Map<String, Output> outputs = new LinkedHashMap<>();
        if (h.outputs() != null) {
            h.outputs().forEach((name, o) -> {
                if (o != null) {
                    outputs.put(name, new Output(Json.convert(o, OutputHead.class).type(), o));
                }
            });
        }
        return new Policy(h.id(), h.revision(), h.fleet(), inputs, outputs, document);
    }
}
