package org.fleetagent.enroll;

import java.util.random.RandomGenerator;
import org.fleetagent.retry.Backoff;
import org.fleetagent.retry.FullJitter;

/**
 * How an enrollment waits for a Fleet Server that is not there yet. Failures that cannot heal by waiting (a
 * certificate that is not trusted, 401/403, a malformed token) stop at once under either policy.
 */
public enum EnrollRetry {
    /**
     * Someone runs {@code enroll} or {@code install}: the real agent's backoff (5 s up to 10 min), and a host name
     * that does not resolve is a typo in {@code --url}, reported at once.
     */
    INTERACTIVE,
    /**
     * A container started by an orchestrator, often before Fleet Server or before DNS knows its name: a host name
     * that does not resolve may still appear, and a short backoff (1 s up to 30 s) enrolls soon after Fleet is up.
     */
    ORCHESTRATED;

    /** The waits between attempts. */
    public Backoff backoff(RandomGenerator random) {
        return this == ORCHESTRATED ? Backoff.orchestrated(random) : Backoff.enroll(random);
    }

    /** The waits after Fleet's limiter refused with 429 and no {@code Retry-After}: the server is up, only rationing. */
    public FullJitter throttled(RandomGenerator random) {
        return FullJitter.enrollLimiter(random);
    }

    /** Whether a host name that does not resolve is retried. */
    public boolean unresolvedHostCanHeal() {
        return this == ORCHESTRATED;
    }
}
