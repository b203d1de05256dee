package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.fleetagent.fixtures.fleet.EnrolledAgent;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code elastic-agent enroll} run as a process, as a user runs it, against the development Fleet Server.
 * The files it leaves are checked with an independent implementation of the fleet.enc format.
 */
class EnrollIT {
    @TempDir
    Path home;

    private FleetServerFixture fleet;
    private final AgentProcess agent = AgentProcess.launcher();

    @BeforeEach
    void startFleet() throws Exception {
        fleet = FleetServerFixture.builder().build();
        fleet.start();
    }

    @AfterEach
    void stopFleet() {
        fleet.close();
    }

    @Test
    void enrollKeepsCredentialsOnlyInAFleetEncThatAnIndependentDecoderReads() throws Exception {
        AgentProcess.Result r = agent.run("enroll", "--url", fleet.url(), "--enrollment-token", fleet.enrollmentToken(),
                "--insecure", "--tag", "e2e,linux", "--tag", "e2e", "--path.home", home.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Successfully enrolled the Elastic Agent."), r.toString());

        Map<String, Object> doc = yaml(ReferenceFleetEnc.decrypt(home));
        Map<?, ?> agentSection = (Map<?, ?>) doc.get("agent");
        Map<?, ?> fleetSection = (Map<?, ?>) doc.get("fleet");
        String agentId = (String) agentSection.get("id");
        assertEquals(1, fleet.agents().size(), "exactly one agent enrolled");
        EnrolledAgent enrolled = fleet.agents().get(0);
        assertEquals(enrolled.id(), agentId);
        String apiKey = (String) fleetSection.get("access_api_key");
        assertTrue(new String(Base64.getDecoder().decode(apiKey), StandardCharsets.UTF_8).startsWith(enrolled.accessApiKeyId() + ":"),
                "fleet.enc holds the API key Fleet issued");
        assertEquals(true, fleetSection.get("enabled"));
        assertEquals("http", fleetSection.get("protocol"));
        assertEquals("127.0.0.1:" + fleet.port(), fleetSection.get("host"));
        assertEquals("10m0s", fleetSection.get("timeout"));
        assertEquals("none", ((Map<?, ?>) fleetSection.get("ssl")).get("verification_mode"));
        assertEquals("gzip", ((Map<?, ?>) fleetSection.get("checkin")).get("compression"));
        assertTrue(ReferenceFleetEnc.tokenHashMatches(fleet.enrollmentToken(), (String) fleetSection.get("enrollment_token_hash")),
                "enrollment_token_hash is PBKDF2-SHA512 of the token");
        assertEquals(List.of("e2e", "linux"), enrolled.tags(), "tags trimmed and de-duplicated");

        assertEquals("rw-------", mode(home.resolve("fleet.enc")));
        assertEquals("rwx------", mode(home.resolve("vault")));
        try (Stream<Path> files = Files.list(home.resolve("vault"))) {
            files.filter(Files::isRegularFile).forEach(f -> assertEquals("rw-------", mode(f), f.toString()));
        }
        Map<String, Object> stub = yaml(Files.readString(home.resolve("elastic-agent.yml")));
        assertEquals(true, ((Map<?, ?>) stub.get("fleet")).get("enabled"), "elastic-agent.yml is the fleet stub");

        assertNoSecretOutsideTheStore(r, fleet.enrollmentToken(), apiKey);
    }

    @Test
    void theAgentReadsAFleetEncWrittenByAnIndependentWriter() throws Exception {
        String yaml = """
                agent:
                  id: 0a1b2c3d-independent
                fleet:
                  enabled: true
                  access_api_key: %s
                  protocol: http
                  host: 127.0.0.1:%d
                  ssl: {verification_mode: none}
                """.formatted(Base64.getEncoder().encodeToString("kid:ksecret".getBytes(StandardCharsets.UTF_8)), fleet.port())
                + "  padding: \"" + "x".repeat(40_000) + "\"\n";
        ReferenceFleetEnc.write(home, yaml, 32 * 1024);

        AgentProcess.Result inspect = agent.run("inspect", "--path.home", home.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("0a1b2c3d-independent"), inspect.toString());
        assertFalse(inspect.out().contains("ksecret"), "inspect redacts the API key");

        DirSnapshot before = DirSnapshot.of(home);
        AgentProcess.Result again = agent.run("enroll", "--url", fleet.url(), "-t", fleet.enrollmentToken(), "--insecure",
                "--path.home", home.toString());
        assertEquals(6, again.exitCode(), again.toString());
        assertTrue(again.err().contains("--force"), again.toString());
        assertEquals(before, DirSnapshot.of(home));
    }

    @Test
    void wrongTokenExitsFiveAtOnceWithOneLineAndChangesNothing() throws Exception {
        DirSnapshot before = DirSnapshot.of(home);
        String wrong = Base64.getEncoder().encodeToString("unknown-id:unknown-key".getBytes(StandardCharsets.UTF_8));
        AgentProcess.Result r = agent.run("enroll", "--url", fleet.url(), "-t", wrong, "--insecure", "--path.home", home.toString());

        assertEquals(5, r.exitCode(), r.toString());
        assertEquals(1, errorLines(r).size(), "one line: " + r);
        assertTrue(r.err().contains("Enrollment tokens"), "names the fix: " + r);
        assertEquals(1, fleet.enrollRequests().size(), "no retries");
        assertEquals(before, DirSnapshot.of(home));
        assertFalse(r.all().contains(wrong), "the token is not printed");
    }

    @Test
    void unresolvableFleetHostExitsThreeWithinTwoSeconds() {
        DirSnapshot before = DirSnapshot.of(home);
        AgentProcess.Result r = agent.run("enroll", "--url", "http://fleet.does-not-exist.invalid:8220", "-t",
                fleet.enrollmentToken(), "--insecure", "--path.home", home.toString());

        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.took().compareTo(Duration.ofSeconds(2)) < 0, "took " + r.took());
        assertTrue(r.err().contains("fleet.does-not-exist.invalid"), r.toString());
        assertEquals(before, DirSnapshot.of(home));
    }

    @Test
    void refusedConnectionIsRetriedVisiblyUntilTheTimeoutThenExitsSeven() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        DirSnapshot before = DirSnapshot.of(home);
        AgentProcess.Result r = agent.run("enroll", "--url", "http://127.0.0.1:" + closed, "-t", fleet.enrollmentToken(),
                "--insecure", "--enroll-timeout", "12s", "--path.home", home.toString());

        // the first backoff wait is under 10s, so 12s always leave room for a second attempt, which is announced
        assertEquals(7, r.exitCode(), r.toString());
        assertTrue(r.err().contains("retrying in"), "visible countdown: " + r);
        assertTrue(r.err().contains("left of --enroll-timeout"), r.toString());
        assertTrue(r.took().compareTo(Duration.ofSeconds(12)) >= 0 && r.took().compareTo(Duration.ofSeconds(25)) < 0,
                "took " + r.took());
        assertEquals(before, DirSnapshot.of(home));
    }

    @Test
    void tooManyRequestsThenSuccessEnrollsExactlyOnce() throws Exception {
        String limited = "{\"statusCode\":429,\"error\":\"RateLimit\",\"message\":\"exceeded the rate limit\"}";
        fleet.enqueueEnrollResponse(429, limited, Map.of());
        fleet.enqueueEnrollResponse(429, limited, Map.of());

        AgentProcess.Result r = agent.run("enroll", "--url", fleet.url(), "-t", fleet.enrollmentToken(), "--insecure",
                "--path.home", home.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(3, fleet.enrollRequests().size());
        assertEquals(1, fleet.agents().size(), "exactly one agent");
        assertTrue(r.err().contains("429"), r.toString());
    }

    private static List<String> errorLines(AgentProcess.Result r) {
        return r.err().lines().filter(l -> l.startsWith("Error:")).toList();
    }

    private void assertNoSecretOutsideTheStore(AgentProcess.Result r, String... secrets) throws IOException {
        for (String secret : secrets) {
            assertFalse(r.all().contains(secret), "a secret reached the output: " + r);
            try (Stream<Path> walk = Files.walk(home)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    if (p.getFileName().toString().equals("fleet.enc") || p.startsWith(home.resolve("vault"))) {
                        continue;
                    }
                    String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains(secret), "a secret is readable in " + p);
                }
            }
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }
}
