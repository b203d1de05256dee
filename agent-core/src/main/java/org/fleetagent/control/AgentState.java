package org.fleetagent.control;

import java.util.List;
import java.util.Map;
import org.fleetagent.json.Json;

/**
 * The agent's whole state, the {@code result} of the control protocol's {@code state} and {@code state.watch}.
 *
 * @param info           id, version, commit, build time and pid of the daemon
 * @param state          the agent's state
 * @param message        its message
 * @param fleetState     the state of the Fleet connection
 * @param fleetMessage   what the Fleet connection last said (why a policy change was rejected, for instance)
 * @param components     the supervised components
 * @param upgradeDetails the upgrade under way, or null when none is
 * @param certificates   the certificates on the path to Fleet and their days left, empty before the first check-in
 */
public record AgentState(Info info, State state, String message,
                         State fleetState,
                         String fleetMessage,
                         List<ComponentState> components,
                         UpgradeDetails upgradeDetails,
                         List<CertificateState> certificates) {

    /** A state without certificates (none checked yet). */
    public AgentState(Info info, State state, String message, State fleetState, String fleetMessage, List<ComponentState> components,
                      UpgradeDetails upgradeDetails) {
        this(info, state, message, fleetState, fleetMessage, components, upgradeDetails, List.of());
    }

    /** A state with no upgrade under way. */
    public AgentState(Info info, State state, String message, State fleetState, String fleetMessage, List<ComponentState> components) {
        this(info, state, message, fleetState, fleetMessage, components, null);
    }

    /**
     * Who answers.
     *
     * @param id           the agent id Fleet gave, empty before enrollment
     * @param version      the daemon's version, without {@code -SNAPSHOT}
     * @param commit       the commit it was built from
     * @param buildTime    when it was built, RFC 3339
     * @param snapshot     whether it is a snapshot build
     * @param pid          its process id
     * @param unprivileged whether it runs without root
     * @param isManaged    whether Fleet manages it (enrolled), as opposed to standalone
     */
    public record Info(String id, String version, String commit, String buildTime, boolean snapshot, long pid,
                       boolean unprivileged, boolean isManaged) {

        public Info {
            buildTime = buildTime == null ? "" : buildTime;
        }

        /** The identity alone, the rest unknown (tests and early states). */
        public Info(String id, String version, String commit, long pid) {
            this(id, version, commit, "", false, pid, false, false);
        }

        /** This info with another agent id and managed flag (after the enrollment is read). */
        public Info withAgent(String agentId, boolean managed) {
            return new Info(agentId, version, commit, buildTime, snapshot, pid, unprivileged, managed);
        }

        /** As the control protocol sends it. */
        public Map<String, Object> toJson() {
            return Json.tree(StateWire.InfoWire.of(this));
        }
    }

    /** As the control protocol sends it ({@link StateWire}): the record's fields in snake case. */
    public Map<String, Object> toJson() {
        return Json.tree(StateWire.of(this));
    }

    public AgentState {
        components = components == null ? List.of() : List.copyOf(components);
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    public AgentState withState(State s, String m) {
        return new AgentState(info, s, m, fleetState, fleetMessage, components, upgradeDetails, certificates);
    }

    public AgentState withFleet(State s, String m) {
        return new AgentState(info, state, message, s, m, components, upgradeDetails, certificates);
    }

    public AgentState withComponents(List<ComponentState> c) {
        return new AgentState(info, state, message, fleetState, fleetMessage, c, upgradeDetails, certificates);
    }

    /** This state with the certificates as last checked. */
    public AgentState withCertificates(List<CertificateState> c) {
        return new AgentState(info, state, message, fleetState, fleetMessage, components, upgradeDetails, c);
    }

    /** This state without the component of this id (one that the policy no longer has). */
    public AgentState withoutComponent(String id) {
        List<ComponentState> list = new java.util.ArrayList<>(components);
        list.removeIf(x -> x.id().equals(id));
        return withComponents(list);
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
