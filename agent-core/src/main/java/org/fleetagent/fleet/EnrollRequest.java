package org.fleetagent.fleet;

import java.util.List;
import java.util.Map;

/**
 * What the agent sends to {@code POST /api/fleet/agents/enroll}.
 *
 * @param agentId       the agent id to ask for ({@code --id}), or empty for a new one
 * @param replaceToken  the token allowing the replacement of an agent with the same id, or empty
 * @param enrollmentId  an idempotency key kept for all retries of one enrollment, so that a retry after a lost
 *                      reply replaces the agent the lost attempt created instead of adding a duplicate
 * @param localMetadata the ECS local metadata ({@link EcsMetadata})
 * @param tags          user tags, or empty
 */
public record EnrollRequest(String agentId, String replaceToken, String enrollmentId, Map<String, Object> localMetadata,
                            List<String> tags) {
}
