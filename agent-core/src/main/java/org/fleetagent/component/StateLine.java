package org.fleetagent.component;

import java.util.List;
import java.util.Map;
import org.fleetagent.control.State;
import org.fleetagent.control.UnitState;

/**
 * One line a component writes on stdout to report its units (design.md, the component protocol). Components are
 * named like the JSON members so that jackson-jr binds them; an absent member is null.
 */
record StateLine(List<Unit> units) {

    /** A unit's report; {@code type} defaults from the id (an {@code -default} unit is the output). */
    record Unit(String type, String id, String state, String message, Map<String, Object> payload) {
        UnitState toState() {
            String unitId = id == null ? "" : id;
            String unitType = type != null ? type : unitId.endsWith("-default") ? "output" : "input";
            return new UnitState(unitType, unitId, parse(state == null ? "STARTING" : state), message == null ? "" : message,
                    payload == null ? Map.of() : payload);
        }

        private static State parse(String s) {
            try {
                return State.valueOf(s);
            } catch (IllegalArgumentException e) {
                return State.DEGRADED;
            }
        }
    }
}
