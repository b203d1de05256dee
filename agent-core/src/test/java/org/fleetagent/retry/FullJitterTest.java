package org.fleetagent.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FullJitterTest {
    @Test
    void firstWaitSpreadsOverTheWholeWindowThenWaitsAreShortAndDouble() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long seed = 0; seed < 2_000; seed++) {
            FullJitter j = FullJitter.enrollLimiter(new SplittableRandom(seed));
            long first = j.next().toMillis();
            min = Math.min(min, first);
            max = Math.max(max, first);
            assertTrue(first >= 0 && first < 11_000, "first wait " + first);
            long second = j.next().toMillis();
            assertTrue(second >= 0 && second < 2_000, "second wait " + second);
            long third = j.next().toMillis();
            assertTrue(third >= 0 && third < 4_000, "third wait " + third);
        }
        // full jitter: the herd's first retries cover the window from its start to its end
        assertTrue(min < 100 && max > 10_900, "first waits span [" + min + ", " + max + "] ms");
    }

    @Test
    void waitsNeverExceedTheMaximum() {
        FullJitter j = FullJitter.enrollLimiter(new SplittableRandom(3));
        for (int i = 0; i < 80; i++) {
            assertTrue(j.next().compareTo(Duration.ofMinutes(1)) < 0);
        }
        assertEquals(80, j.attempts());
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class,
                () -> new FullJitter(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), new SplittableRandom()));
    }
}
