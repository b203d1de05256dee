package org.fleetagent.control;

import java.util.List;

/**
 * A supervised component (such as fleet-server) and its units.
 *
 * @param id      the component id
 * @param name    the program name
 * @param state   the component's state
 * @param message what it last said, or why it failed (with its last log lines)
 * @param units   its units
 */
public record ComponentState(String id, String name, State state, String message, List<UnitState> units) {
    public ComponentState {
        units = units == null ? List.of() : List.copyOf(units);
    }
}
