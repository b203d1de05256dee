package org.fleetagent.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Full-jitter waits for a server that is up but rationing (HTTP 429 from Fleet Server's limiter, which sends no
 * {@code Retry-After}): the first wait is uniform in {@code [0, spread)}, so a herd refused together comes back spread
 * evenly over that window; later waits are uniform in {@code [0, step * 2^(n-1))} capped at {@code max}, short because
 * a client refused again has already been spread and only collided with a neighbour.
 */
public final class FullJitter {
    private final long spreadMs;
    private final long stepMs;
    private final long maxMs;
    private final RandomGenerator random;
    private int attempt;

    public FullJitter(Duration spread, Duration step, Duration max, RandomGenerator random) {
        if (spread.isNegative() || spread.isZero() || step.isNegative() || step.isZero() || max.compareTo(step) < 0) {
            throw new IllegalArgumentException("full jitter needs 0 < spread, 0 < step <= max");
        }
        this.spreadMs = spread.toMillis();
        this.stepMs = step.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /**
     * Fleet Server's default enroll limiter admits about 100 enrollments a second after a burst of 50: an 11 s window
     * lets a herd of 1,000 agents refused at once through on the next attempt (about 86 a second), and a second refusal
     * is waited out within 2 s, so such a herd enrolls in at most three requests each.
     */
    public static FullJitter enrollLimiter(RandomGenerator random) {
        return new FullJitter(Duration.ofSeconds(11), Duration.ofSeconds(2), Duration.ofMinutes(1), random);
    }

    /** The next wait; each call moves one step further. */
    public Duration next() {
        long window;
        if (attempt == 0) {
            window = spreadMs;
        } else {
            int shift = Math.min(attempt - 1, 30);
            window = Math.min(stepMs << shift, maxMs);
        }
        attempt++;
        return Duration.ofMillis(random.nextLong(window));
    }

    /** How many waits were handed out. */
    public int attempts() {
        return attempt;
    }
}
