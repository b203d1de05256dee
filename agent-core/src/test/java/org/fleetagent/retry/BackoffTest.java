package org.fleetagent.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void enrollWaitsGrowFromFiveSecondsWithEqualJitter() {
        for (long seed = 0; seed < 200; seed++) {
            Backoff b = Backoff.enroll(new SplittableRandom(seed));
            assertBetween(b.next(), 5_000, 10_000);
            assertBetween(b.next(), 10_000, 20_000);
            assertBetween(b.next(), 20_000, 40_000);
        }
    }

    @Test
    void neverWaitsLongerThanTheMaximum() {
        Backoff b = Backoff.enroll(new SplittableRandom(7));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 60; i++) {
            last = b.next();
            assertTrue(last.compareTo(Duration.ofMinutes(10)) <= 0, "wait " + last + " at step " + i);
        }
        assertTrue(last.compareTo(Duration.ofMinutes(5)) >= 0, "capped waits stay in the upper half: " + last);
        assertEquals(60, b.attempts());
    }

    @Test
    void resetStartsOver() {
        Backoff b = Backoff.enroll(new SplittableRandom(1));
        b.next();
        b.next();
        b.next();
        b.reset();
        assertBetween(b.next(), 5_000, 10_000);
    }

    private static void assertBetween(Duration d, long fromMs, long toMs) {
        assertTrue(d.toMillis() >= fromMs && d.toMillis() < toMs, d + " not in [" + fromMs + ", " + toMs + ") ms");
    }
}
