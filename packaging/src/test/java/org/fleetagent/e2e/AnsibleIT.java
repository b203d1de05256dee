package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example playbook {@code deploy/ansible/elastic-agent.yml}, run by Debian's {@code ansible-playbook} against
 * localhost and the development Fleet Server: the first run installs and enrolls, the second reports no change.
 */
class AnsibleIT {
    private static final Pattern RECAP = Pattern.compile("localhost\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

    @TempDir
    Path tmp;

    @TempDir
    Path scratch;

    private FleetServerFixture fleet;

    @BeforeEach
    void start() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!"0".equals(uid)) {
            System.out.println("AnsibleIT skipped: the playbook installs the agent, which needs root (this runs as uid " + uid + ")");
        }
        Assumptions.assumeTrue("0".equals(uid), "install needs root");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fleet = FleetServerFixture.builder().checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO).build().start();
    }

    @AfterEach
    void stop() {
        AgentProcess.launcher().run("uninstall", "-f", "--skip-fleet-audit", "--base-path", tmp.resolve("opt").toString(),
                "--system-root", tmp.resolve("root").toString());
        if (fleet != null) {
            fleet.close();
        }
    }

    private int[] play(Path vars, Path log) throws Exception {
        Path playbook = Path.of("..", "deploy", "ansible", "elastic-agent.yml").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("ansible-playbook", "-i", "localhost,", "-c", "local", playbook.toString(), "-e", "@" + vars);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("HOME", scratch.toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ansible-playbook did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        Matcher m = RECAP.matcher(out);
        assertTrue(m.find(), "no PLAY RECAP in:\n" + out);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
    }

    @Test
    void thePlaybookInstallsAndEnrollsAndItsSecondRunChangesNothing() throws Exception {
        Path dist = AgentProcess.launcher().path().getParent();
        Path tarball = dist.resolveSibling(dist.getFileName() + ".tar.gz");
        assertTrue(Files.exists(tarball), tarball + " is missing");
        Path vars = scratch.resolve("vars.json");
        Files.writeString(vars, Json.writeString(Map.of(
                "elastic_agent_become", false,
                "elastic_agent_package", tarball.toString(),
                "elastic_agent_staging_dir", tmp.resolve("staging").toString(),
                "elastic_agent_fleet_url", fleet.url(),
                "elastic_agent_enrollment_token", fleet.enrollmentToken(),
                "elastic_agent_base_path", tmp.resolve("opt").toString(),
                "elastic_agent_install_args", List.of("--insecure", "--system-root", tmp.resolve("root").toString()))));
        Files.setPosixFilePermissions(vars, PosixFilePermissions.fromString("rw-------"));

        Path log1 = scratch.resolve("first.log");
        int[] first = play(vars, log1);
        assertTrue(first[1] >= 2, "the first run changed nothing:\n" + Files.readString(log1));
        assertEquals(1, fleet.agents().size());
        String id = fleet.agents().getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        assertTrue(Files.exists(tmp.resolve("opt/Elastic/Agent/.installed")));
        assertTrue(!Files.readString(log1).contains(fleet.enrollmentToken()), "the token is in ansible's output");

        Path log2 = scratch.resolve("second.log");
        int[] second = play(vars, log2);
        assertEquals(0, second[1], "the second run reported a change:\n" + Files.readString(log2));
        assertEquals(0, second[3]);
        assertEquals(1, fleet.enrollRequests().size(), "the second run enrolled again");
        assertTrue(Files.readString(log2).contains("nothing to do"), Files.readString(log2));
    }
}
