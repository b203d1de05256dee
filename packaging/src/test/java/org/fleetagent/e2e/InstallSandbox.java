package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the real {@code install} share: an {@link InstallTarget} below a temporary directory, a quick
 * Fleet fixture to enroll into, and no agent left installed or running after each test.
 */
abstract class InstallSandbox {
    @TempDir
    Path tmp;

    @TempDir
    Path scratch;

    final AgentProcess agent = AgentProcess.launcher().timeout(Duration.ofMinutes(2));
    FleetServerFixture fleet;
    InstallTarget target;

    @BeforeEach
    void start() throws Exception {
        target = InstallTarget.under(tmp);
        fleet = QuickFleet.start();
    }

    @AfterEach
    void stop() {
        target.uninstallLeftovers(agent);
        fleet.close();
    }

    /** The launcher with the fixture's enrollment token in the environment, as an operator's install script has it. */
    AgentProcess withToken() {
        return AgentProcess.launcher().timeout(Duration.ofMinutes(2)).env("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
    }

    /** The installed agent through its /usr/bin wrapper, with {@code stdin} as its standard input. */
    AgentProcess.Result wrapper(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(target.wrapper().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = scratch.resolve("out");
        Path err = scratch.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the wrapper did not finish: " + cmd);
        return new AgentProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err), Duration.ZERO, cmd);
    }
}
