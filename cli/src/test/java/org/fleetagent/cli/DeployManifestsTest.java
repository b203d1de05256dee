package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.container.ContainerEnv;
import org.fleetagent.container.EnvLint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example manifests in {@code deploy/} cannot rot: each parses, names only variables the entrypoint reads
 * (EnvLint finds no unknown or removed name), keeps the state on a volume at the image's state path, runs on a
 * read-only root with /tmp and the state writable, and probes with {@code elastic-agent status}.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"podman/elastic-agent-pod.yaml", "kubernetes/elastic-agent-managed-daemonset.yaml"})
    void theManifestIsAFleetManagedAgentOnAReadOnlyRootWithAPersistentState(String file) throws Exception {
        Map<String, Object> doc = YamlCodec.load(Files.readAllBytes(DEPLOY.resolve(file)));
        Map<String, Object> podSpec = "Pod".equals(doc.get("kind")) ? map(doc, "spec") : map(map(map(doc, "spec"), "template"), "spec");
        Map<String, Object> agent = list(podSpec, "containers").getFirst();

        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : list(agent, "env")) {
            env.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : "from-a-secret");
        }
        assertEquals(List.of(), EnvLint.warnings(env), file + " names a variable the entrypoint does not read");
        assertTrue(new ContainerEnv(env).enroll(), file + " does not enroll");
        assertEquals("from-a-secret", env.get("FLEET_ENROLLMENT_TOKEN"), file + ": the token must come from a secret, not the manifest");

        Map<String, Object> security = map(agent, "securityContext");
        assertEquals(true, security.get("readOnlyRootFilesystem"), file);
        assertEquals(1000, security.get("runAsUser"), file);
        List<String> mounts = list(agent, "volumeMounts").stream().map(m -> (String) m.get("mountPath")).toList();
        assertTrue(mounts.contains(new ContainerEnv(env).statePath().toString()) && mounts.contains("/tmp"), file + " mounts " + mounts);

        List<?> probe = (List<?>) map(map(agent, "livenessProbe"), "exec").get("command");
        assertEquals(List.of("elastic-agent", "status"), probe, file);
        String stateVolume = list(agent, "volumeMounts").stream().filter(m -> m.get("mountPath").equals(ContainerEnv.DEFAULT_STATE_PATH))
                .map(m -> (String) m.get("name")).findFirst().orElseThrow();
        Map<String, Object> volume = list(podSpec, "volumes").stream().filter(v -> v.get("name").equals(stateVolume)).findFirst().orElseThrow();
        assertTrue(volume.containsKey("persistentVolumeClaim") || volume.containsKey("hostPath"), file + ": the state is not persistent: " + volume);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Map, key + " is not a map in " + m.keySet());
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof List, key + " is not a list in " + m.keySet());
        return (List<Map<String, Object>>) v;
    }
}
