package org.fleetagent.enroll;

import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * Fleet refused to let an enrollment take over an existing agent id (403 {@code AgentNotReplaceable}): the replace
 * token does not match, or the agent now belongs to another policy than the enrollment token's.
 */
public final class AgentNotReplaceableException extends AgentException {
    AgentNotReplaceableException(String message) {
        super(ExitCode.CONFLICT, message);
    }
}
