package org.fleetagent.fleet;

import java.util.List;
import java.util.Map;

/**
 * Fleet Server's replies as it sends them, bound by jackson-jr: components carry the wire's snake_case names,
 * members this agent does not use are ignored and missing ones read as null (or false).
 */
final class FleetReplies {
    private FleetReplies() {
    }

    /** {@code POST /api/fleet/agents/enroll}. */
    record Enroll(EnrollItem item) {
    }

    record EnrollItem(String id, String type, String access_api_key, String access_api_key_id, String policy_id,
                      List<String> tags) {
    }

    /** {@code POST /api/fleet/agents/{id}/checkin}. */
    record Checkin(String ack_token, List<Action> actions) {
    }

    /** One action; its {@code data} stays a map, as each action type gives it another shape. */
    record Action(String id, String type, Map<String, Object> data) {
    }

    /** {@code POST /api/fleet/agents/{id}/acks}; {@code items} is only quoted. */
    record Acks(String action, boolean errors, List<Object> items) {
    }

    /** {@code GET /api/status}. */
    record Status(String status) {
    }

    /** The body of an error status. */
    record Error(String error, String message) {
    }
}
