package org.fleetagent.control;

import java.util.Map;

/**
 * One unit of a component.
 *
 * @param type    {@code input} or {@code output}
 * @param id      the unit id
 * @param state   its state
 * @param message its message
 * @param payload extra data it reported (the fleet-server input reports {@code enrollment_token} here)
 */
public record UnitState(String type, String id, State state, String message, Map<String, Object> payload) {
    public UnitState {
        payload = payload == null ? Map.of() : Map.copyOf(payload);
    }
}
