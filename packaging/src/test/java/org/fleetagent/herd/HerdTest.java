package org.fleetagent.herd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short herd: 200 agents at once against a limiter five times slower than Fleet Server's default (50 ms, burst 10,
 * 20 in flight), which makes its bound the same 9.5 s as 1,000 agents against the default: all enroll, once each,
 * in at most 3 requests on average and 4 at worst. The time is printed, not asserted: it is the machine's as much as the agent's.
 */
class HerdTest {
    @TempDir
    Path work;

    @Test
    void aHerdEnrollsOnceEachWithinThreeRequests() throws Exception {
        int agents = 200;
        Herd.Figures f = Herd.run(agents, new Herd.Limiter(java.time.Duration.ofMillis(50), 10, 20), work);
        System.out.println(f.report());
        assertEquals(java.util.List.of(), f.failures(), f.report());
        assertEquals(agents, f.fleetAgents(), "no duplicate agent in Fleet: " + f.report());
        assertEquals(agents, f.distinctIds(), f.report());
        // the target is 3 for every agent; full jitter lets an unlucky one draw a fourth (seen 1 in 200 on a
        // quiet host): the average is held to 3 below, the worst case to 4 here, and bench/herd reports both
        assertTrue(f.maxAttempts() <= 4, f.report());
        assertTrue(f.serverRequests() <= 3 * agents, f.report());
        assertTrue(f.serverRequests() > agents, "the limiter refused some, so the retries were exercised: " + f.report());
    }
}
