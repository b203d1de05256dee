package org.fleetagent.fleet;

/**
 * One acknowledgement of an action.
 *
 * @param actionId the action acknowledged
 * @param message  a human message, such as "Action acknowledged."
 * @param error    why the action failed or was rejected, or null when it was applied
 */
public record AckEvent(String actionId, String message, String error) {
}
