package org.fleetagent.fleet;

import org.fleetagent.json.JsonValue;

/**
 * An action Fleet delivered in a check-in reply.
 *
 * @param id      the action id, acknowledged with {@link FleetClient#ack}
 * @param type    {@code POLICY_CHANGE}, {@code UNENROLL}, {@code SETTINGS}, ...
 * @param data    the action's {@code data} object (for POLICY_CHANGE: {@code {"policy": {...}}})
 * @param raw     the whole action as sent
 */
public record FleetAction(String id, String type, JsonValue data, JsonValue raw) {
}
