package org.fleetagent.enroll;

/**
 * @param agentId  the id Fleet assigned
 * @param policyId the policy the agent is enrolled into
 * @param attempts how many enroll requests it took
 */
public record EnrollResult(String agentId, String policyId, int attempts) {
}
