package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.Test;

/**
 * {@code elastic-agent container} started by an orchestrator in any order: before Fleet Server is up it retries
 * with one log line per attempt and enrolls once Fleet Server appears; a token Fleet rejects, or a certificate it does
 * not trust, stops it at once with one line and a non-zero exit, so that the orchestrator's restart shows the cause
 * instead of a silent loop.
 */
class ContainerStartOrderIT extends ContainerProcessFixture {
    private static final String TOKEN = "ZGV2LWtleTpzM2NyZXQtZW5yb2xsbWVudA=="; // base64("dev-key:s3cret-enrollment")

    ContainerStartOrderIT() {
        super(true);
    }

    private Map<String, String> env(String url, String token) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("FLEET_ENROLL", "1");
        e.put("FLEET_URL", url);
        e.put("FLEET_ENROLLMENT_TOKEN", token);
        e.put("FLEET_INSECURE", "1");
        e.put("STATE_PATH", state.toString());
        return e;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void fleetServerStartingAfterTheAgentIsWaitedForThenEnrolledInto() throws Exception {
        int port = freePort();
        Path log = scratch.resolve("late.log");
        long started = System.nanoTime();
        container = AgentProcess.container(env("http://127.0.0.1:" + port, TOKEN), log);

        // the second refused attempt comes about 3 s after the start (JVM start, then a 1-2 s wait): Fleet appears now
        Waits.awaitLine(log, l -> l.startsWith("container: Enrollment attempt 2 failed: connection refused"), Duration.ofSeconds(30));
        double late = (System.nanoTime() - started) / 1e9;
        fleet = FleetServerFixture.builder().port(port).enrollmentTokens(TOKEN).checkinLongPoll(Duration.ofSeconds(2))
                .checkinJitter(Duration.ZERO).build().start();

        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(40)).getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        System.out.printf("ContainerStartOrderIT: Fleet Server up %.1f s after the agent, enrolled %.1f s after the start%n",
                late, (System.nanoTime() - started) / 1e9);
        assertTrue(container.isAlive(), "the entrypoint stopped after enrolling:\n" + Waits.read(log));
        assertEquals(1, fleet.enrollRequests().size());

        List<String> retries = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("Enrollment attempt")).toList();
        assertTrue(retries.size() >= 2, Waits.read(log));
        for (String line : retries) {
            // one line per attempt, naming the cause, the next try and the deadline
            assertTrue(line.matches("container: Enrollment attempt \\d+ failed: connection refused by http://127\\.0\\.0\\.1:" + port
                    + " \\(.*\\); retrying in [0-9.]+m?s \\(.* left of FLEET_ENROLL_TIMEOUT\\)"), line);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("Connection refused") || l.startsWith("  retrying")),
                "a retry spread over several lines:\n" + Waits.read(log));
        assertFalse(Waits.read(log).contains(TOKEN), "the token reached the log");
    }

    @Test
    void aTokenFleetRejectsStopsAtOnceWithOneLine() throws Exception {
        fleet = FleetServerFixture.builder().enrollmentTokens(TOKEN).build().start();
        String wrong = Base64.getEncoder().encodeToString("other-key:not-this-fleet".getBytes(StandardCharsets.US_ASCII));
        Path log = scratch.resolve("wrong.log");
        long started = System.nanoTime();
        container = AgentProcess.container(env(fleet.url(), wrong), log);

        assertTrue(container.waitFor(30, TimeUnit.SECONDS), "still running with a rejected token:\n" + Waits.read(log));
        double took = (System.nanoTime() - started) / 1e9;
        String out = Waits.read(log);
        assertEquals(5, container.exitValue(), out);
        assertEquals(1, fleet.enrollRequests().size(), "a rejected token was tried again:\n" + out);
        List<String> errors = out.lines().filter(l -> l.startsWith("Error:")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.getFirst().contains("the enrollment token was rejected"), out);
        assertFalse(out.contains("retrying"), out);
        assertTrue(out.strip().endsWith(errors.getFirst()), "the cause is not the last line:\n" + out);
        assertFalse(out.contains(wrong), "the token reached the log");
        assertTrue(Files.notExists(state.resolve("fleet.enc")), "a rejected enrollment left fleet.enc");
        System.out.printf("ContainerStartOrderIT: rejected token, exit 5 after %.1f s%n", took);
    }

    @Test
    void aCertificateNotTrustedStopsAtOnceWithOneLine() throws Exception {
        TestPki fleetPki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        var server = SslContexts.of(fleetPki.server().privateKey(), fleetPki.server().chain(), List.of(fleetPki.rootCa().certificate()));
        fleet = FleetServerFixture.builder().enrollmentTokens(TOKEN).tls(server, ClientAuth.NONE).build().start();
        Path otherCa = TestPki.builder().serverDnsNames("localhost").build().rootCa().writeCertificate(scratch.resolve("other-ca.pem"));
        Map<String, String> e = env("https://localhost:" + fleet.port(), TOKEN);
        e.remove("FLEET_INSECURE");
        e.put("FLEET_CA", otherCa.toString());
        Path log = scratch.resolve("untrusted.log");
        container = AgentProcess.container(e, log);

        assertTrue(container.waitFor(30, TimeUnit.SECONDS), "still running against an untrusted certificate:\n" + Waits.read(log));
        String out = Waits.read(log);
        assertEquals(4, container.exitValue(), out);
        List<String> errors = out.lines().filter(l -> l.startsWith("Error:")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.getFirst().contains("that this agent does not trust"), out);
        assertFalse(out.contains("retrying"), out);
        assertEquals(0, fleet.enrollRequests().size(), out);
    }
}
