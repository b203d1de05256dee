package org.fleetagent.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Equal-jitter exponential backoff, as the real agent's enroll and check-in loops use it: the n-th wait
 * (n = 0, 1, ...) lies in {@code [d/2, d)} with {@code d = min(2 * init * 2^n, 2 * max)} halved once capped,
 * so with init 5 s the waits are about 5-10 s, 10-20 s, 20-40 s, ... and never above {@code max}.
 */
public final class Backoff {
    private final Duration init;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration init, Duration max, RandomGenerator random) {
        if (init.isNegative() || init.isZero() || max.compareTo(init) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < init <= max");
        }
        this.init = init;
        this.max = max;
        this.random = random;
    }

    /** The real agent's enroll backoff: 5 s up to 10 min. */
    public static Backoff enroll(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10), random);
    }

    /**
     * Waiting for a server an orchestrator starts at the same time: 1 s up to 30 s, so that the first attempts come
     * within seconds and a server that appears late is found within half a minute.
     */
    public static Backoff orchestrated(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), random);
    }

    /** The next wait; each call moves one step further. */
    public Duration next() {
        long initMs = init.toMillis();
        long maxMs = max.toMillis();
        long d = attempt >= 30 ? Long.MAX_VALUE : initMs * 2 * (1L << attempt);
        attempt++;
        if (d <= 0 || d > 2 * maxMs) {
            d = 2 * maxMs;
        }
        long half = d / 2;
        long jitter = half > 0 ? random.nextLong(half) : 0;
        long wait = Math.min(half + jitter, maxMs);
        return Duration.ofMillis(wait);
    }

    /** How many waits were handed out. */
    public int attempts() {
        return attempt;
    }

    /** Starts again from the first step (after a success). */
    public void reset() {
        attempt = 0;
    }
}
