package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.FleetServerFixture;

/** The Fleet fixture as most process tests start it, an agent enrolled into it, and the policy fragments they change. */
final class QuickFleet {
    private QuickFleet() {
    }

    /** A plain-HTTP Fleet fixture whose check-ins answer within 2 s and without jitter, so that changes show quickly. */
    static FleetServerFixture start() {
        return FleetServerFixture.builder().checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO).build().start();
    }

    /** {@link #start()}, then {@link #enroll} the agent of {@code home} into it: the daemon tests' starting point. */
    static FleetServerFixture startEnrolled(AgentProcess agent, Path home) {
        FleetServerFixture fleet = start();
        enroll(agent, fleet, home);
        return fleet;
    }

    /** Enrolls the agent of {@code home} into the fixture ({@code --insecure}: it is plain HTTP), or fails the test. */
    static void enroll(AgentProcess agent, FleetServerFixture fleet, Path home) {
        AgentProcess.Result r = agent.run("enroll", "--url", fleet.url(), "-t", fleet.enrollmentToken(), "--insecure",
                "--path.home", home.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    /** The policy's {@code fleet} section as a fresh map, put back into the policy so that changes to it publish. */
    static Map<String, Object> fleetSection(Map<String, Object> policy) {
        Map<String, Object> fleet = new LinkedHashMap<>(YamlCodec.asMap(policy.get("fleet")).orElse(Map.of()));
        policy.put("fleet", fleet);
        return fleet;
    }
}
