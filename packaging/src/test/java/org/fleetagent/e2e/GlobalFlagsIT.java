package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleet.RecordedRequest;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global flags and the flag combinations of the real agent (internal/pkg/agent/cmd/common.go, enroll.go,
 * run.go), through the packaged launcher against the dev Fleet Server.
 */
class GlobalFlagsIT {
    @TempDir
    Path home;

    @TempDir
    Path sockets;

    private final AgentProcess agent = AgentProcess.launcher();
    private FleetServerFixture fleet;
    private final List<Process> daemons = new ArrayList<>();

    @BeforeEach
    void startFleet() {
        fleet = QuickFleet.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process d : daemons) {
            Teardown.stop(d);
        }
        fleet.close();
    }

    private AgentProcess.Result enroll(String... extra) {
        List<String> args = new ArrayList<>(List.of("enroll", "--url", fleet.url(), "-t", fleet.enrollmentToken(), "--insecure",
                "--path.home", home.toString()));
        args.addAll(List.of(extra));
        return agent.run(args);
    }

    private Process start(String... args) {
        Process p = agent.start(home.resolve("daemon.log"), args);
        daemons.add(p);
        return p;
    }

    private StatusJson awaitHealthy(String... where) {
        List<String> args = new ArrayList<>(List.of("status", "--output", "json"));
        args.addAll(List.of(where));
        return Waits.until("a HEALTHY daemon", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            AgentProcess.Result r = agent.run(args);
            return r.exitCode() == 0 ? StatusJson.of(r) : null;
        }, s -> s.FleetState() == org.fleetagent.control.State.HEALTHY.number(), last -> "last: " + last + "\n" + Waits.read(home.resolve("daemon.log")));
    }

    private static List<String> header(RecordedRequest req, String name) {
        return req.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).toList();
    }

    private static List<String> warnings(AgentProcess.Result r) {
        return r.err().lines().filter(l -> l.startsWith("Warning:")).toList();
    }

    @Test
    void withoutACommandTheDaemonRunsAndTheSocketFlagTakesAUnixUrl() throws Exception {
        assertEquals(0, enroll().exitCode());
        Path socket = sockets.resolve("agent.sock");
        Process daemon = start("-e", "--path.home", home.toString(), "--path.socket", "unix://" + socket);
        StatusJson s = awaitHealthy("--path.home", home.toString(), "--path.socket", "unix://" + socket);
        assertEquals(fleet.agents().get(0).id(), s.info().id());
        assertTrue(Files.exists(socket), "the socket is where unix:// said");
        assertFalse(Files.exists(home.resolve("elastic-agent.sock")), "and not at the default place");
        AgentProcess.Result plainPath = agent.run("status", "--path.home", home.toString(), "--path.socket", socket.toString());
        assertEquals(0, plainPath.exitCode(), "a plain path names the same socket: " + plainPath);

        AgentProcess.Result npipe = agent.run("status", "--path.home", home.toString(), "--path.socket", "npipe:///elastic-agent-system");
        assertEquals(2, npipe.exitCode(), npipe.toString());
        assertTrue(npipe.err().startsWith("Error: ") && npipe.err().contains("Windows named pipe")
                && npipe.err().contains("unix:///run/elastic-agent.sock"), npipe.err());

        daemon.destroy();
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops it");
        assertEquals(0, daemon.exitValue(), "a stop asked for by SIGTERM is a clean end, as the real agent's");
        assertFalse(Files.exists(socket), "the socket is removed on a clean stop");
    }

    @Test
    void dashCMovesTheConfigFileAndTheOneLetterFlagsTakePflagLongForms() throws Exception {
        String original = "agent:\n  logging:\n    level: debug\n";
        Files.writeString(home.resolve("custom.yml"), original);
        Files.writeString(home.resolve("elastic-agent.yml"), "# untouched\n");
        AgentProcess.Result r = enroll("--c", "custom.yml", "--e", "--v", "--d", "fleet", "-d", "tls,proxy");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.readString(home.resolve("custom.yml")).contains("enabled: true"), "custom.yml is the Fleet stub now");
        try (Stream<Path> files = Files.list(home)) {
            List<Path> backups = files.filter(f -> f.getFileName().toString().matches("custom\\.yml\\..*\\.bak")).toList();
            assertEquals(1, backups.size(), "one backup of custom.yml");
            assertEquals(original, Files.readString(backups.get(0)));
        }
        assertEquals("# untouched\n", Files.readString(home.resolve("elastic-agent.yml")), "the default file is not touched");

        AgentProcess.Result missing = agent.run("run", "-e", "--path.home", home.toString(), "-c", "nowhere.yml");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().startsWith("Error: -c nowhere.yml: ") && missing.err().contains("does not exist"), missing.err());

        start("run", "--path.home", home.toString(), "--config", home.resolve("custom.yml").toString(), "--e", "--d", "fleet",
                "--fleet-init-timeout", "5s");
        awaitHealthy("--path.home", home.toString());
    }

    @Test
    void combinationsTheRealAgentAcceptsEnrollWithOneWarningEach() throws Exception {
        AgentProcess.Result r = enroll("-p", "bm90LWEtcGlu", "--proxy-url", "http://127.0.0.1:9", "--proxy-disabled",
                "--header", "foo", "--header", "X-Team=ops", "leftover");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> w = warnings(r);
        for (String expected : List.of("--insecure wins: --ca-sha256 is ignored", "--proxy-disabled wins: --proxy-url http://127.0.0.1:9 is ignored",
                "--header \"foo\" ignored", "enroll takes no arguments; ignored: leftover")) {
            assertEquals(1, w.stream().filter(l -> l.contains(expected)).count(), "one warning with '" + expected + "' in:\n" + r.err());
        }

        RecordedRequest req = fleet.enrollRequests().get(0);
        assertEquals(List.of("ops"), header(req, "X-Team"), "the well-formed header is sent");
        assertEquals(List.of(), header(req, "foo"), "the malformed one is not");
        assertEquals(1, fleet.agents().size(), "enrolled, without the proxy that --proxy-disabled turned off");
    }
}
