package org.fleetagent.fleet;

import java.util.List;

/**
 * @param ackToken the token to send with the next check-in (may be empty)
 * @param actions  the actions Fleet delivered (empty when the long poll just expired)
 */
public record CheckinResponse(String ackToken, List<FleetAction> actions) {
}
