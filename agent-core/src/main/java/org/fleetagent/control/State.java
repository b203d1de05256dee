package org.fleetagent.control;

/** The states of the agent, its Fleet connection, components and units, as the real agent's control API. */
public enum State {
    STARTING, CONFIGURING, HEALTHY, DEGRADED, FAILED, STOPPING, STOPPED, UPGRADING, ROLLBACK;

    /** The number the real control API gives this state (its protobuf enum), which its JSON and YAML print. */
    public int number() {
        return ordinal(); // declared in the protobuf enum's order, STARTING = 0
    }

    /** Whether the agent is up and running its components, healthy or with some of them degraded or failed. */
    public boolean running() {
        return this == HEALTHY || this == DEGRADED;
    }

    /** How bad a state is, for rolling units up into a component: FAILED is worst, HEALTHY best. */
    public int severity() {
        return switch (this) {
            case HEALTHY -> 0;
            case STARTING, CONFIGURING, UPGRADING, ROLLBACK -> 1;
            case DEGRADED -> 2;
            case STOPPING, STOPPED -> 3;
            case FAILED -> 4;
        };
    }
}
