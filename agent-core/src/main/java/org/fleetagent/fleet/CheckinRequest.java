package org.fleetagent.fleet;

import java.util.List;
import java.util.Map;

/**
 * The body of a check-in.
 *
 * @param status            {@code online}, {@code error}, {@code degraded} or {@code starting}
 * @param message           a human status message
 * @param ackToken          the token of the last reply, or null on the first check-in
 * @param components        the components and units with their states (maps as the API shapes them)
 * @param localMetadata     ECS local metadata, or null to leave it unchanged
 * @param agentPolicyId     the policy the agent runs, or null
 * @param policyRevisionIdx the revision of that policy, or null
 */
public record CheckinRequest(String status, String message, String ackToken, List<Map<String, Object>> components,
                             Map<String, Object> localMetadata, String agentPolicyId, Long policyRevisionIdx) {
}
