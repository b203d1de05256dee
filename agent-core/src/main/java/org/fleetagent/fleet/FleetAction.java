package org.fleetagent.fleet;

import java.util.Collections;
import java.util.Map;

/**
 * An action Fleet delivered in a check-in reply.
 *
 * @param id   the action id, acknowledged with {@link FleetClient#ack}
 * @param type {@code POLICY_CHANGE}, {@code UNENROLL}, {@code SETTINGS}, ...
 * @param data the action's {@code data} object as sent (for POLICY_CHANGE: {@code {"policy": {...}}}), empty when it
 *             had none; a map because each type has its own shape, bound to a record by the handler of that type
 */
public record FleetAction(String id, String type, Map<String, Object> data) {
    public FleetAction {
        id = id == null ? "" : id;
        type = type == null ? "" : type;
        // not Map.copyOf: JSON nulls in the data are values, and the document order is kept
        data = data == null ? Map.of() : Collections.unmodifiableMap(data);
    }
}
