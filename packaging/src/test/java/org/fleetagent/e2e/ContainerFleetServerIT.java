package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.elasticsearch.FakeElasticsearch;
import org.fleetagent.fixtures.fleetserver.FleetServerComponentMain;
import org.fleetagent.fixtures.kibana.KibanaFixture;
import org.fleetagent.fixtures.wait.Waits;
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
        Teardown.kill(container);
    }

    /** {@code status} once it says the agent is connected to its Fleet Server (at most 60 s). */
    private static AgentProcess.Result awaitFleetHealthy(AgentProcess status, Path log) {
        return Waits.until("status says fleet: HEALTHY", Duration.ofSeconds(60), Duration.ofMillis(200), () -> status.run("status"),
                r -> r.exitCode() == 0 && r.out().contains("fleet\n│  └─ status: (HEALTHY) "),
                r -> "the agent did not connect to its own Fleet Server: " + r + "\n" + Waits.read(log));
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
            container = AgentProcess.container(env, log1);
            Waits.awaitLine(log1, l -> l.contains("created a Fleet Server service token in Kibana"), Duration.ofSeconds(30));
            Waits.awaitLine(log1, l -> l.contains("Successfully enrolled"), Duration.ofSeconds(60));
            AgentProcess status = AgentProcess.launcher().env("STATE_PATH", state.toString());
            awaitFleetHealthy(status, log1);
            assertTrue(Files.readString(record).contains(SERVICE_TOKEN), "the component did not get Kibana's service token");
            assertFalse(Files.readString(log1).contains(SERVICE_TOKEN), "the service token reached the log");
            assertEquals(1, kibana.requests().stream().filter(q -> q.path().equals("/api/fleet/service_tokens")).count());
            assertTrue(es.requests().stream().anyMatch(FakeElasticsearch.Request::authorized),
                    "Fleet Server reached Elasticsearch with Kibana's service token: " + es.requests());
            container.destroy();
            assertTrue(container.waitFor(30, TimeUnit.SECONDS), "SIGTERM did not stop it:\n" + Files.readString(log1));

            Path log2 = scratch.resolve("2.log");
            container = AgentProcess.container(env, log2);
            Waits.awaitLine(log2, l -> l.contains("not enrolling: agent") && l.contains("its own Fleet Server"), Duration.ofSeconds(30));
            awaitFleetHealthy(status, log2);
            assertEquals(1, kibana.requests().stream().filter(q -> q.path().equals("/api/fleet/service_tokens")).count(),
                    "a kept enrollment needs no new service token");
            container.destroy();
            assertTrue(container.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
