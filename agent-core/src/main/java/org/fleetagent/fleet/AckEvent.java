package org.fleetagent.fleet;

import java.util.Map;

/**
 * One acknowledgement of an action.
 *
 * @param actionId the action acknowledged
 * @param message  a human message, as the real agent's {@code Action "<id>" of type "<type>" acknowledged.}
 * @param error    why the action failed or was rejected, or null when it was applied; Fleet shows it on the action
 * @param payload  extra result fields Fleet reads for some types (UPGRADE: {@code retry}), or null
 */
public record AckEvent(String actionId, String message, String error, Map<String, Object> payload) {
    public AckEvent {
        payload = payload == null ? null : Map.copyOf(payload);
    }

    /** An ack without payload. */
    public AckEvent(String actionId, String message, String error) {
        this(actionId, message, error, null);
    }
}
