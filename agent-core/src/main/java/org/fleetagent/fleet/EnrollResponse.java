package org.fleetagent.fleet;

import java.util.List;

/**
 * Fleet Server's answer to an enrollment, validated: the id, type and access API key are present.
 *
 * @param agentId        the agent id Fleet assigned
 * @param accessApiKey   the API key the agent authenticates with from now on (a secret)
 * @param accessApiKeyId the id of that key
 * @param policyId       the policy the agent is enrolled into
 * @param tags           the tags Fleet recorded
 */
public record EnrollResponse(String agentId, String accessApiKey, String accessApiKeyId, String policyId, List<String> tags) {
    @Override
    public String toString() {
        return "EnrollResponse[agentId=" + agentId + ", accessApiKeyId=" + accessApiKeyId + ", policyId=" + policyId + "]";
    }
}
