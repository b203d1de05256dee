package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.elasticsearch.FakeElasticsearch;
import org.fleetagent.fixtures.fleetserver.FleetServerComponentMain;
import org.fleetagent.fixtures.kibana.KibanaFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code container} with FLEET_SERVER_ENABLE: a service token from Kibana, the local Fleet Server bootstrapped
 * through the fleet-server component fixture, the agent enrolled into it; a restart keeps the enrollment.
 */
class ContainerFleetServerIT {
    private static final String SERVICE_TOKEN = "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL2NvbnRhaW5lcjpzZWNyZXQ";

    @TempDir
    Path state;

    @TempDir
    Path scratch;

    private Process container;

    @AfterEach
    void stop() throws Exception {
        if (container != null && container.isAlive()) {
            container.destroyForcibly();
            container.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Process start(Map<String, String> env, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(AgentProcess.launcher().path().toString(), "container");
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    private static void awaitLog(Path log, Predicate<String> line, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such line within " + timeout + " in:\n" + Files.readString(log));
    }

    @Test
    void bootstrapsItsFleetServerWithAServiceTokenFromKibanaAndKeepsItOnRestart() throws Exception {
        FleetServerComponentMain.writeLauncher(Files.createDirectories(state.resolve("data/components")).resolve("fleet-server"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path record = scratch.resolve("component.ndjson");
        try (KibanaFixture kibana = new KibanaFixture().serviceTokenValue(SERVICE_TOKEN).start();
             FakeElasticsearch es = new FakeElasticsearch().serviceToken(SERVICE_TOKEN).start()) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("FLEET_SERVER_ENABLE", "true");
            env.put("FLEET_SERVER_ELASTICSEARCH_HOST", es.url());
            env.put("FLEET_SERVER_PORT", String.valueOf(port));
            env.put("FLEET_SERVER_POLICY_ID", "fleet-server-policy");
            env.put("FLEET_SERVER_INSECURE_HTTP", "1");
            env.put("KIBANA_FLEET_HOST", kibana.url());
            env.put("STATE_PATH", state.toString());
            env.put("FLEET_SERVER_COMPONENT_RECORD", record.toString());
            // the stand-in keeps its agents in a file, as fleet-server keeps them in Elasticsearch
            env.put("FLEET_SERVER_COMPONENT_STATE", scratch.resolve("fleet-server-agents.json").toString());
            Path log1 = scratch.resolve("1.log");
            container = start(env, log1);
            awaitLog(log1, l -> l.contains("created a Fleet Server service token in Kibana"), Duration.ofSeconds(30));
            awaitLog(log1, l -> l.contains("Successfully enrolled"), Duration.ofSeconds(60));
            AgentProcess status = AgentProcess.launcher().env("STATE_PATH", state.toString());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            AgentProcess.Result r = null;
            while (System.nanoTime() < end) {
                r = status.run("status");
                if (r.exitCode() == 0 && r.out().contains("fleet: HEALTHY")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(r != null && r.out().contains("fleet: HEALTHY"), "the agent did not connect to its own Fleet Server: " + r + "\n" + Files.readString(log1));
            assertTrue(Files.readString(record).contains(SERVICE_TOKEN), "the component did not get Kibana's service token");
            assertFalse(Files.readString(log1).contains(SERVICE_TOKEN), "the service token reached the log");
            assertEquals(1, kibana.requests().stream().filter(q -> q.path().equals("/api/fleet/service_tokens")).count());
            assertTrue(es.requests().stream().anyMatch(FakeElasticsearch.Request::authorized),
                    "Fleet Server reached Elasticsearch with Kibana's service token: " + es.requests());
            container.destroy();
            assertTrue(container.waitFor(30, TimeUnit.SECONDS), "SIGTERM did not stop it:\n" + Files.readString(log1));

            Path log2 = scratch.resolve("2.log");
            container = start(env, log2);
            awaitLog(log2, l -> l.contains("not enrolling: agent") && l.contains("its own Fleet Server"), Duration.ofSeconds(30));
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                r = status.run("status");
                if (r.exitCode() == 0 && r.out().contains("fleet: HEALTHY")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(r.out().contains("fleet: HEALTHY"), r + "\n" + Files.readString(log2));
            assertEquals(1, kibana.requests().stream().filter(q -> q.path().equals("/api/fleet/service_tokens")).count(),
                    "a kept enrollment needs no new service token");
            container.destroy();
            assertTrue(container.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
