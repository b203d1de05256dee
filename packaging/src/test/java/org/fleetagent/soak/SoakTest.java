package org.fleetagent.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's short form (2 minutes), in {@code scripts/test}; {@code bench/soak} runs the 30-minute form. */
class SoakTest {
    @Test
    void checkInsResumeAfterEveryFaultAndNothingGrows() throws Exception {
        Soak.Figures f = Soak.run(Duration.ofMinutes(2));
        System.out.println(f.line());
        assertTrue(f.cycles() >= 1, "at least one measured cycle of faults: " + f.line());
        assertEquals(List.of(), f.failures(), f.line());
    }
}
