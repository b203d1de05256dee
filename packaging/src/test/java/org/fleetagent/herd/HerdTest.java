package org.fleetagent.herd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short herd: 200 agents at once against a limiter five times slower than Fleet Server's default (50 ms, burst 10,
 * 20 in flight), which makes its bound the same 9.5 s as 1,000 agents against the default: all enroll, once each,
 * in at most 3 requests on average, and no more than 5% of them in more than 3. The time is printed, not asserted: it
 * is the machine's as much as the agent's.
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
        // the target is 3 requests for every agent; full jitter leaves a tail, agents that draw a short wait
        // into a limiter still busy, and on two cores shared with the Fleet fixture the tail is longer than a host of
        // Fleet's own would see: 0 or 1 of 200 over 3 requests when run alone, up to 5 (worst agent 5) in the suite,
        // after the soak test (docs/reliability.md). The share over 3 is held to 5%, the average to 3 below
        assertTrue(f.overThree() <= agents / 20, f.report());
        assertTrue(f.serverRequests() <= 3 * agents, f.report());
        assertTrue(f.serverRequests() > agents, "the limiter refused some, so the retries were exercised: " + f.report());
    }
}
