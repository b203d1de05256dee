package org.fleetagent.enrollment;

import java.net.URI;
import java.nio.file.Path;
import org.fleetagent.enroll.EnrollResult;

/**
 * How an enrollment ended, for the command to word.
 *
 * @param kind        enrolled into a remote Fleet Server, into a bootstrapped local one, or stored for later
 * @param url         the Fleet Server URL enrolled (or to enroll) into
 * @param result      Fleet's answer (agent id, policy, attempts); null when delayed
 * @param delayedFile where a delayed enrollment is kept encrypted; null otherwise
 * @param daemon      what became of a daemon running from the same paths (restarted, or why not); empty when none ran
 * @param identity    on a reinstall: empty when the agent kept its id or had none before, else why it has a new one
 */
public record EnrollmentOutcome(Kind kind, URI url, EnrollResult result, Path delayedFile, String daemon, String identity) {

    /** How the enrollment ended. */
    public enum Kind { ENROLLED, BOOTSTRAPPED, DELAYED }
}
