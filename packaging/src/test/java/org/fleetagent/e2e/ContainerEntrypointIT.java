package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container entrypoint as a process, row by row against the real one's helpers (container.go envBool,
 * envWithDefault; setup_config.go): unset, set-but-empty and false words; the files it reads from the config path;
 * cloud mode; the standalone Kubernetes manifest's {@code -c /etc/elastic-agent/agent.yml -e}; and TLS material
 * from the environment taking effect on a kept enrollment.
 */
class ContainerEntrypointIT extends ContainerProcessFixture {
    private static final String NOT_ENROLLING = "not enrolling: FLEET_ENROLL and FLEET_SERVER_ENABLE are not set";

    ContainerEntrypointIT() {
        super(false);
    }

    private Map<String, String> base() {
        Map<String, String> e = new HashMap<>();
        e.put("STATE_PATH", state.toString());
        return e;
    }

    /** Rows: the enroll switch as the real envBool reads it (a value that is not a true word, even " 1", is false). */
    static Stream<Arguments> enrollSwitch() {
        return Stream.of(Arguments.of("unset", null, false), Arguments.of("empty", "", false), Arguments.of("0", "0", false),
                Arguments.of("false", "false", false), Arguments.of("padded 1", " 1", false), Arguments.of("YES", "YES", true));
    }

    @ParameterizedTest(name = "FLEET_ENROLL {0}")
    @MethodSource("enrollSwitch")
    void theEnrollSwitchReadsAsEnvBool(String name, String value, boolean enrolls) throws Exception {
        fleet = FleetServerFixture.builder().build().start();
        Map<String, String> e = base();
        if (value != null) {
            e.put("FLEET_ENROLL", value);
        }
        e.put("FLEET_URL", fleet.url());
        e.put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        e.put("FLEET_INSECURE", "true");
        Path log = scratch.resolve("enroll.log");
        container = AgentProcess.container(e, log);
        String decision = Waits.awaitLine(log, l -> l.contains("enrolling: "), Duration.ofSeconds(30));
        if (enrolls) {
            assertTrue(decision.contains("container: enrolling: no enrollment is stored"), decision);
            fleet.awaitEnrollments(1, Duration.ofSeconds(30));
        } else {
            assertTrue(decision.endsWith(NOT_ENROLLING + ": running with the configuration in " + state.resolve("elastic-agent.yml")), decision);
            awaitStatus(0);
            assertEquals(0, fleet.enrollRequests().size());
        }
    }

    @Test
    void aSetButEmptyFleetCaEndsTheChainAnUnsetOneFallsToKibanaCa() throws Exception {
        fleet = FleetServerFixture.builder().build().start();
        Map<String, String> e = base();
        e.put("FLEET_ENROLL", "1");
        e.put("FLEET_URL", fleet.url());
        e.put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        e.put("FLEET_INSECURE", "1");
        e.put("KIBANA_CA", scratch.resolve("no-such-ca.pem").toString());
        // unset FLEET_CA: KIBANA_CA is the CA, and a missing file stops the start with one line
        Path log1 = scratch.resolve("unset.log");
        container = AgentProcess.container(e, log1);
        assertTrue(container.waitFor(60, TimeUnit.SECONDS), Waits.read(log1));
        assertTrue(container.exitValue() != 0 && Waits.read(log1).contains("no-such-ca.pem"), Waits.read(log1));
        assertEquals(0, fleet.enrollRequests().size());
        // FLEET_CA="" is set: the chain ends there, KIBANA_CA is not read, and the agent enrolls
        e.put("FLEET_CA", "");
        Path log2 = scratch.resolve("empty.log");
        container = AgentProcess.container(e, log2);
        fleet.awaitEnrollments(1, Duration.ofSeconds(30));
    }

    @Test
    void fleetSetupAndCredentialsFilesInTheConfigPathEnrollWithoutVariables() throws Exception {
        fleet = FleetServerFixture.builder().build().start();
        Files.writeString(state.resolve("fleet-setup.yml"), "fleet:\n  enroll: true\n  url: " + fleet.url() + "\n  insecure: true\n");
        Files.writeString(state.resolve("credentials.yml"), "fleet:\n  enrollment_token: " + fleet.enrollmentToken() + "\n");
        Path log = scratch.resolve("files.log");
        container = AgentProcess.container(base(), log);
        Waits.awaitLine(log, l -> l.equals("container: read " + state.resolve("credentials.yml") + " over the environment"), Duration.ofSeconds(30));
        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        assertTrue(!Waits.read(log).contains(fleet.enrollmentToken()), "the token from credentials.yml reached the log");
    }

    @Test
    void cloudModeWithoutSetupFilesDoesNotRunTheAgent() throws Exception {
        Map<String, String> e = base();
        e.put("ELASTIC_AGENT_CLOUD", "true");
        // the legacy APM Server's settings: the real one would start it with these as its flags
        e.putAll(Map.of("APM_SERVER_PATH", "/usr/share/apm-server/apm-server", "HOME_PATH", "/usr/share/apm-server", "APMSERVER_GOGC", "50"));
        Path log = scratch.resolve("cloud.log");
        container = AgentProcess.container(e, log);
        assertTrue(container.waitFor(60, TimeUnit.SECONDS), Waits.read(log));
        String out = Waits.read(log);
        assertEquals(0, container.exitValue(), out);
        assertTrue(out.contains("container: Starting in elastic cloud mode"), out);
        assertTrue(out.contains("container: Warning: APM_SERVER_PATH is set but the legacy APM Server is not supported here: it is not started"
                + " (HOME_PATH, APMSERVER_GOGC only configure it)"), out);
        assertTrue(out.contains("not running the agent: ELASTIC_AGENT_CLOUD is set and neither fleet-setup.yml nor credentials.yml is in " + state), out);
    }

    @Test
    void logsPathGetsTheDirectoryAndACopyOfTheEntrypointsOutputAsTheRealOne() throws Exception {
        Path logs = scratch.resolve("logs/agent"); // not there yet: the entrypoint creates it
        Path startup = logs.resolve("elastic-agent-startup.log");
        Map<String, String> e = base();
        e.put("ELASTIC_AGENT_CLOUD", "true");
        e.put("LOGS_PATH", logs.toString());
        for (int run = 1; run <= 2; run++) {
            Path log = scratch.resolve("cloud-" + run + ".log");
            container = AgentProcess.container(e, log);
            assertTrue(container.waitFor(60, TimeUnit.SECONDS), Waits.read(log));
            assertEquals(0, container.exitValue(), Waits.read(log));
            String copy = Files.readString(startup);
            assertTrue(copy.contains("container: Starting in elastic cloud mode\n") && copy.contains("container: not running the agent: "), copy);
            // each start begins the file anew, as the real one's os.Create
            assertEquals(1, copy.lines().filter(l -> l.equals("container: Starting in elastic cloud mode")).count(), copy);
            assertTrue(Waits.read(log).contains(copy.strip()), "the process output has what the file has: " + Waits.read(log));
        }
        assertFalse(Files.getPosixFilePermissions(logs).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE));
        assertTrue(Files.getPosixFilePermissions(logs).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE),
                "LOGS_PATH is 0775 less the umask, as the real one");

        // the reason a start failed is in the file too
        e.remove("ELASTIC_AGENT_CLOUD");
        e.put("FLEET_ENROLL", "1");
        e.put("FLEET_ENROLLMENT_TOKEN", "a2V5aWQ6c2VjcmV0");
        Path log = scratch.resolve("no-url.log");
        container = AgentProcess.container(e, log);
        assertTrue(container.waitFor(60, TimeUnit.SECONDS), Waits.read(log));
        assertEquals(2, container.exitValue(), Waits.read(log));
        assertTrue(Files.readString(startup).contains("Error: FLEET_ENROLL is set but FLEET_URL is not"), Files.readString(startup));
        assertFalse(Files.readString(startup).contains("a2V5aWQ6c2VjcmV0"), "the token reached the startup log");
    }

    @Test
    void theStandaloneManifestsArgumentsRunWithThatFileAndNoFleet() throws Exception {
        Path etc = Files.createDirectories(scratch.resolve("etc/elastic-agent"));
        Path agentYml = etc.resolve("agent.yml");
        Files.writeString(agentYml, "outputs:\n  default:\n    type: elasticsearch\n    hosts: [\"http://127.0.0.1:9200\"]\ninputs: []\n");
        Path log = scratch.resolve("standalone.log");
        container = AgentProcess.container(base(), log, "-c", agentYml.toString(), "-e");
        String paths = Waits.awaitLine(log, l -> l.startsWith("container: paths: "), Duration.ofSeconds(30));
        assertEquals("container: paths: state " + state + ", home " + state.resolve("data") + ", config " + state + " (file " + agentYml
                + "), logs to standard error, socket " + state.resolve("data/elastic-agent.sock"), paths);
        Waits.awaitLine(log, l -> l.endsWith(NOT_ENROLLING + ": running with the configuration in " + agentYml), Duration.ofSeconds(30));
        awaitStatus(0);
        assertTrue(!Files.exists(state.resolve("fleet.enc")), "a standalone agent wrote fleet.enc");
        container.destroy();
        assertTrue(container.waitFor(20, TimeUnit.SECONDS));

        // the file is what it runs with: a broken one stops it, naming the file
        Files.writeString(agentYml, "outputs: [\n");
        Path log2 = scratch.resolve("broken.log");
        container = AgentProcess.container(base(), log2, "-c", agentYml.toString(), "-e");
        assertTrue(container.waitFor(60, TimeUnit.SECONDS), Waits.read(log2));
        assertTrue(container.exitValue() != 0 && Waits.read(log2).contains(agentYml + " is not valid YAML"), Waits.read(log2));
    }

    @Test
    void aRotatedFleetCaTakesEffectOnRestartWithoutANewEnrollment() throws Exception {
        TestPki first = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        TestPki rotated = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        Path agents = scratch.resolve("agents.json");
        fleet = https(first, agents, 0);
        int port = fleet.port();
        Map<String, String> e = base();
        e.put("FLEET_ENROLL", "1");
        e.put("FLEET_URL", "https://localhost:" + port);
        e.put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        e.put("FLEET_CA", first.rootCa().writeCertificate(scratch.resolve("ca-1.pem")).toString());
        Path log1 = scratch.resolve("ca1.log");
        container = AgentProcess.container(e, log1);
        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        container.destroy();
        assertTrue(container.waitFor(20, TimeUnit.SECONDS));
        fleet.close();

        // the server's certificate is reissued by a new CA; the manifest points FLEET_CA at it
        fleet = https(rotated, agents, port);
        e.put("FLEET_CA", rotated.rootCa().writeCertificate(scratch.resolve("ca-2.pem")).toString());
        Path log2 = scratch.resolve("ca2.log");
        container = AgentProcess.container(e, log2);
        Waits.awaitLine(log2, l -> l.contains("the stored enrollment now uses the TLS material of FLEET_CA"), Duration.ofSeconds(30));
        Waits.awaitLine(log2, l -> l.contains("not enrolling: agent " + id) && l.contains("keeping the enrollment"), Duration.ofSeconds(30));
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
        assertEquals(List.of(), fleet.enrollRequests(), "the rotated CA made a new agent");
    }

    @Test
    void theAgentSettingsVariablesAreRecordedUnderTheRealKeysAndDebugAgentLogsExchangesWithoutSecrets() throws Exception {
        fleet = FleetServerFixture.builder().checkinLongPoll(Duration.ofSeconds(1)).checkinJitter(Duration.ZERO).build().start();
        Map<String, String> e = base();
        e.putAll(Map.of("FLEET_ENROLL", "1", "FLEET_URL", fleet.url(), "FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken(), "FLEET_INSECURE", "1",
                "ELASTIC_AGENT_GRPC_PORT", "7001", "AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "otel", "HTTPPROF", "1", "EVENTS_TO_STDERR", "true",
                "DEBUG_AGENT", "1"));
        Path log = scratch.resolve("settings.log");
        container = AgentProcess.container(e, log, "-d", "*");
        String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
        Waits.awaitLine(log, l -> l.contains("recorded in the enrollment: agent.grpc.port=7001, agent.monitoring._runtime_experimental=otel,"
                + " agent.monitoring.pprof.enabled=true, agent.logging.event_data.to_stderr=true, agent.logging.event_data.to_files=false"),
                Duration.ofSeconds(30));
        Waits.awaitLine(log, l -> l.contains("http POST /api/fleet/agents/" + id + "/checkin -> 200 in "), Duration.ofSeconds(30));
        String yaml = ReferenceFleetEnc.decrypt(state);
        for (String key : List.of("grpc.port: 7001", "monitoring._runtime_experimental: otel", "monitoring.pprof.enabled: true",
                "logging.event_data.to_stderr: true", "logging.event_data.to_files: false")) {
            assertTrue(yaml.contains("  " + key + "\n"), key + " in\n" + yaml);
        }
        String apiKey = yaml.lines().filter(l -> l.trim().startsWith("access_api_key:")).findFirst().orElseThrow().split(":", 2)[1].trim();
        String out = Waits.read(log);
        assertFalse(out.contains(apiKey) || out.contains(fleet.enrollmentToken()), "a secret in the log:\n" + out);
        container.destroy();
        assertTrue(container.waitFor(20, TimeUnit.SECONDS));

        // the next start without them: the keys are gone, as the real one's in-memory overrides are
        e.keySet().removeAll(List.of("ELASTIC_AGENT_GRPC_PORT", "AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "HTTPPROF", "EVENTS_TO_STDERR"));
        Path log2 = scratch.resolve("settings2.log");
        container = AgentProcess.container(e, log2);
        Waits.awaitLine(log2, l -> l.contains("recorded in the enrollment: no agent settings from the environment"), Duration.ofSeconds(30));
        String after = ReferenceFleetEnc.decrypt(state);
        assertFalse(after.contains("grpc") || after.contains("_runtime_experimental") || after.contains("pprof") || after.contains("event_data"), after);
    }

    @Test
    void valuesTheRealOneDropsAreDroppedWithOneWarningEachAndTheContainerRuns() throws Exception {
        Map<String, String> e = base();
        e.putAll(Map.of("ELASTIC_AGENT_GRPC_PORT", "70000", "AGENT_MONITORING_RUNTIME_EXPERIMENTAL", "beats", "EVENTS_TO_STDERR", "yes"));
        Path log = scratch.resolve("bad.log");
        container = AgentProcess.container(e, log);
        awaitStatus(0);
        String out = Waits.read(log);
        assertEquals(1, out.lines().filter(l -> l.contains("ELASTIC_AGENT_GRPC_PORT=70000 is not a port (0 to 65535): it is ignored")).count(), out);
        assertEquals(1, out.lines().filter(l -> l.contains("AGENT_MONITORING_RUNTIME_EXPERIMENTAL=beats is neither process nor otel")).count(), out);
        assertEquals(1, out.lines().filter(l -> l.contains("cannot parse EVENTS_TO_STDERR='yes' as boolean, logging events to file")).count(), out);
    }

    private static FleetServerFixture https(TestPki pki, Path agents, int port) {
        return FleetServerFixture.builder().port(port).tls(SslContexts.server(pki), ClientAuth.NONE).persistAgents(agents)
                .checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO).build().start();
    }

    /** Waits until {@code elastic-agent status} in the same "container" exits with {@code code}. */
    private void awaitStatus(int code) {
        Waits.until("status exits " + code, Duration.ofSeconds(30), Duration.ofMillis(300),
                () -> AgentProcess.launcher().env("STATE_PATH", state.toString()).run("status"), r -> r.exitCode() == code, String::valueOf);
    }
}
