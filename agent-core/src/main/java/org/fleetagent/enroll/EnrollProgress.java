package org.fleetagent.enroll;

import java.time.Duration;

/**
 * What the enroller tells the person or script that runs it while it works. The command line prints it; tests
 * record it.
 */
public interface EnrollProgress {
    /** An attempt starts. */
    default void attempting(int attempt, String target) {
    }

    /**
     * An attempt failed for a cause that can pass; the enroller waits {@code wait} and tries again.
     *
     * @param remaining how much of {@code --enroll-timeout} is left, or null without a deadline
     */
    void retrying(int attempt, String cause, Duration wait, Duration remaining);

    /** Waits {@code wait} before the next attempt; a terminal shows a countdown. */
    void await(Duration wait) throws InterruptedException;

    /** A warning that does not stop the enrollment. */
    void warn(String message);
}
