package org.fleetagent.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The agent's whole state, the {@code result} of the control protocol's {@code state} and {@code state.watch}.
 *
 * @param info         id, version, commit and pid of the daemon
 * @param state        the agent's state
 * @param message      its message
 * @param fleetState   the state of the Fleet connection
 * @param fleetMessage what the Fleet connection last said (why a policy change was rejected, for instance)
 * @param components   the supervised components
 */
public record AgentState(Info info, State state, String message,
                         @JsonProperty("fleet_state") State fleetState,
                         @JsonProperty("fleet_message") String fleetMessage,
                         List<ComponentState> components) {

    /** Who answers. */
    public record Info(String id, String version, String commit, long pid) {
    }

    public AgentState {
        components = components == null ? List.of() : List.copyOf(components);
    }

    public AgentState withState(State s, String m) {
        return new AgentState(info, s, m, fleetState, fleetMessage, components);
    }

    public AgentState withFleet(State s, String m) {
        return new AgentState(info, state, message, s, m, components);
    }

    public AgentState withComponents(List<ComponentState> c) {
        return new AgentState(info, state, message, fleetState, fleetMessage, c);
    }

    /** This state with one component added or replaced (by id). */
    public AgentState withComponent(ComponentState c) {
        List<ComponentState> list = new java.util.ArrayList<>(components);
        list.removeIf(x -> x.id().equals(c.id()));
        list.add(c);
        list.sort(java.util.Comparator.comparing(ComponentState::id));
        return withComponents(list);
    }
}
