package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.podman.Podman;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/podman/elastic-agent-pod.yaml} run as its header tells a user to: the image loaded from the archive,
 * the token put in the podman secret by the header's own command (on standard input), only the image tag, {@code FLEET_URL} and the CA's host
 * path edited, then {@code podman kube play}. Against the development Fleet Server over TLS on the host's loopback
 * (the pod has the host's network) the agent enrolls once, checks in and is HEALTHY, as uid 1000 in group 0 on a
 * read-only root; {@code podman pod stop} stops it cleanly (exit 0) and {@code podman kube down} removes it.
 */
class KubePlayIT {
    private static final Path POD_FILE = Path.of("deploy/podman/elastic-agent-pod.yaml");

    @TempDir
    Path dir;

    private Map<String, String> env;
    private String pod;
    private String secret;
    private String stateVolume;
    private final List<String> volumesToRemove = new ArrayList<>();
    private boolean secretCreated;
    private boolean played;

    @AfterEach
    void remove() {
        if (env == null) {
            return;
        }
        // by name: what the file names is what kube play made; each only if this test made it
        if (played) {
            Podman.run(List.of("podman", "pod", "rm", "-f", "-t", "0", pod), Duration.ofMinutes(1), env);
        }
        if (secretCreated) {
            Podman.run(List.of("podman", "secret", "rm", secret), Duration.ofSeconds(30), env);
        }
        volumesToRemove.forEach(v -> Podman.run(List.of("podman", "volume", "rm", "-f", v), Duration.ofMinutes(1), env));
    }

    private Podman.Result podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return Podman.run(cmd, Duration.ofSeconds(60), env);
    }

    private String ok(String... args) {
        Podman.Result r = podman(args);
        assertEquals(0, r.exit(), "podman " + String.join(" ", args) + ": " + r.both());
        return r.out().strip();
    }

    /** Replaces the one occurrence of {@code from} in the file's text, or fails: the header's edit no longer fits the file. */
    private static String edit(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "expected " + from + " exactly once in " + POD_FILE);
        return text.replace(from, to);
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, Object... path) {
        Object n = node;
        for (Object key : path) {
            n = key instanceof Integer i ? ((List<Object>) n).get(i) : ((Map<String, Object>) n).get(key);
        }
        return (T) n;
    }

    /**
     * The project's containers.conf with each default ulimit's soft limit raised to its hard one: podman 4.3.1's kube
     * play swaps the two (soft 20000 > hard 1024), which runc refuses with "setting rlimit type 7: invalid argument".
     */
    private Path kubeContainersConf() throws IOException {
        String conf = Files.readString(Podman.repo().resolve("scripts/lib/containers/containers.conf"));
        Matcher m = Pattern.compile("(?m)^default_ulimits = \\[.*]$").matcher(conf);
        assertTrue(m.find(), "no default_ulimits in containers.conf");
        String even = m.group().replaceAll("\"(\\w+)=\\d+:(\\d+)\"", "\"$1=$2:$2\"");
        return Files.writeString(dir.resolve("containers.conf"), conf.replace(m.group(), even));
    }

    @Test
    void thePodFileRunsAFleetManagedAgentAsDocumented() throws Exception {
        Path archive = ImageArchive.archive("KubePlayIT");
        long started = System.nanoTime();
        Instant since = Instant.now();
        env = Map.of("CONTAINERS_CONF", kubeContainersConf().toString());

        String original = Files.readString(Podman.repo().resolve(POD_FILE), StandardCharsets.UTF_8);
        Object spec = at(new Yaml().load(original), "spec");
        Map<String, Object> container = at(spec, "containers", 0);
        pod = at(new Yaml().load(original), "metadata", "name");
        String containerName = pod + "-" + container.get("name"); // podman names kube play's containers <pod>-<container>
        List<Map<String, Object>> containerEnv = at(container, "env");
        Map<String, String> secretRef = containerEnv.stream().filter(e -> e.get("name").equals("FLEET_ENROLLMENT_TOKEN"))
                .<Map<String, String>>map(e -> at(e, "valueFrom", "secretKeyRef")).findFirst().orElseThrow();
        secret = secretRef.get("name");
        String fleetUrl = containerEnv.stream().filter(e -> e.get("name").equals("FLEET_URL")).map(e -> (String) e.get("value"))
                .findFirst().orElseThrow();
        List<Map<String, Object>> volumes = at(spec, "volumes");
        stateVolume = volumes.stream().map(v -> (Map<String, String>) at(v, "persistentVolumeClaim")).filter(c -> c != null)
                .map(c -> c.get("claimName")).findFirst().orElseThrow();
        String caHostPath = volumes.stream().filter(v -> v.get("name").equals("certs")).map(v -> (String) at(v, "hostPath", "path"))
                .findFirst().orElseThrow();
        // kube play 4.3 makes an emptyDir an anonymous volume by the volume's name; it goes with the pod
        List<String> emptyDirs = volumes.stream().filter(v -> v.containsKey("emptyDir")).map(v -> (String) v.get("name")).toList();

        // what kube play creates by name must not be someone else's: an enrolled state would hide a failed enrollment
        assertNotEquals(0, podman("pod", "exists", pod).exit(), "a pod named " + pod + " exists already: remove it first");
        assertNotEquals(0, podman("secret", "inspect", secret).exit(), "a podman secret " + secret + " exists already: remove it first");
        for (String v : concat(List.of(stateVolume), emptyDirs)) {
            assertNotEquals(0, podman("volume", "exists", v).exit(), "a podman volume " + v + " exists already: remove it first");
            volumesToRemove.add(v);
        }

        TestPki pki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        try (FleetServerFixture fleet = FleetServerFixture.builder().publicHost("127.0.0.1").tls(SslContexts.server(pki), ClientAuth.NONE)
                .checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO).build().start()) {
            // the CA directory as a user makes it: readable by the agent's uid 1000, holding ca.pem
            Path certs = Files.createDirectory(dir.resolve("certs"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(pki.rootCa().writeCertificate(certs.resolve("ca.pem")), PosixFilePermissions.fromString("rw-r--r--"));
            String edited = edit(original, "localhost/elastic-agent:VERSION", "localhost/elastic-agent:" + ImageArchive.version(archive));
            edited = edit(edited, fleetUrl, fleet.url());
            edited = edit(edited, "path: " + caHostPath, "path: " + certs);
            Path podFile = Files.writeString(dir.resolve(POD_FILE.getFileName()), edited);

            // the header's own command, the token in its environment: the secret arrives on podman's standard input
            String token = fleet.enrollmentToken();
            String create = original.lines().filter(l -> l.startsWith("#") && l.contains("podman secret create " + secret + " -"))
                    .map(l -> l.replaceFirst("^#\\s*", "")).findFirst()
                    .orElseThrow(() -> new AssertionError("no `podman secret create " + secret + " -` command in the header of " + POD_FILE));
            assertTrue(create.contains("\"$TOKEN\""), "the header's command does not read the token from $TOKEN: " + create);
            secretCreated = true;
            Map<String, String> withToken = new HashMap<>(env);
            withToken.put("TOKEN", token);
            Podman.Result created = Podman.run(List.of("sh", "-c", create), Duration.ofSeconds(30), withToken);
            assertEquals(0, created.exit(), create + ": " + created.both());

            played = true;
            ImageArchive.Loaded loaded = ImageArchive.load("KubePlayIT", archive, List.of("podman", "kube", "play", podFile.toString()), env);
            String play = loaded.then().both();
            assertEquals(0, loaded.then().exit(), "podman kube play failed:\n" + play);
            double playedAt = (System.nanoTime() - started) / 1e9;
            String id = ok("inspect", "--format", "{{.Id}}", containerName);
            assertEquals(loaded.id(), ok("inspect", "--format", "{{.Image}}", id), "the pod runs another image than the archive's");

            String agent = fleet.awaitEnrollments(1, Duration.ofSeconds(90)).getFirst().id();
            fleet.awaitCheckins(agent, 1, Duration.ofSeconds(30));
            double enrolledAt = (System.nanoTime() - started) / 1e9;
            assertEquals(1, fleet.agents().size(), "Fleet sees " + fleet.agents());
            assertEquals(1, fleet.enrollRequests().size(), logs(id));

            // the probe the file declares, run as podman would run it (no systemd timers here) and by hand
            Waits.until("elastic-agent status exits 0 in the pod", Duration.ofSeconds(60), Duration.ofSeconds(1),
                    () -> podman("exec", id, "elastic-agent", "status").exit(), c -> c == 0, c -> "exit " + c + "\n" + logs(id));
            double healthyAt = (System.nanoTime() - started) / 1e9;
            Podman.Result probe = podman("healthcheck", "run", id);
            assertEquals(0, probe.exit(), "the livenessProbe, as kube play made it a healthcheck: " + probe.both());

            // every process in the container (tini as PID 1, the agent, its components) as uid 1000, group 0
            String ids = ok("exec", id, "sh", "-c", "grep -h -E '^(Uid|Gid):' /proc/1/status /proc/[0-9]*/status | sort -u");
            assertEquals(List.of("Gid:\t0\t0\t0\t0", "Uid:\t1000\t1000\t1000\t1000"), ids.lines().toList(), ids);
            assertEquals("tini", ok("exec", id, "cat", "/proc/1/comm"));
            Podman.Result write = podman("exec", id, "sh", "-c", "echo x > /kubeplay-write-probe");
            assertNotEquals(0, write.exit(), "a write to / succeeded: the root is not read-only");
            assertTrue(write.err().contains("Read-only file system"), write.both());
            assertEquals("0", ok("inspect", "--format", "{{.RestartCount}}", id), "the agent restarted:\n" + logs(id));

            SecretScan scan = new SecretScan().canary("the enrollment token", token);
            scan.output("podman pod inspect " + pod, ok("pod", "inspect", pod));
            scan.output("/proc/*/cmdline in the container", ok("exec", id, "sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '"));
            scan.output("podman logs", logs(id));
            scan.output("podman kube play's output", play);
            String inspect = ok("inspect", id);
            String envEntry = "\"FLEET_ENROLLMENT_TOKEN=" + token + "\"";
            if (inspect.contains(envEntry)) {
                // podman 4.3.1 resolves secretKeyRef into the container's plain environment (Config.Env), and its secret
                // volumes crash kube play (nil secrets manager); nothing else may hold the token
                System.out.println("KubePlayIT: NOT asserted: the token is absent from podman inspect of the container: podman "
                        + ok("version", "--format", "{{.Client.Version}}") + " kube play puts secretKeyRef values into Config.Env ("
                        + (inspect.split(Pattern.quote(envEntry), -1).length - 1) + " occurrence(s)); checked it is nowhere else");
                inspect = inspect.replace(envEntry, "\"FLEET_ENROLLMENT_TOKEN=<from the secret>\"");
            }
            scan.output("podman inspect (container), Config.Env's entry aside", inspect);
            assertEquals(List.of(), scan.findings(), scan.summary());

            // as the header says: podman pod stop (SIGTERM through tini, the container's 10 s grace) then podman kube down.
            // podman 4.3.1's kube down alone SIGKILLs at once (exit 137, containers/podman#22397, fixed upstream in 2024)
            System.out.println("KubePlayIT: NOT asserted: podman kube down alone stops the agent cleanly: podman 4.3.1 SIGKILLs at once"
                    + " (exit 137, containers/podman#22397); stopped with podman pod stop first, as the file's header says");
            long stopping = System.nanoTime();
            ok("pod", "stop", pod);
            double stopped = (System.nanoTime() - stopping) / 1e9;
            String exit = ok("inspect", "--format", "{{.State.ExitCode}}", id);
            Podman.Result down = Podman.run(List.of("podman", "kube", "down", podFile.toString()), Duration.ofSeconds(60), env);
            assertEquals(0, down.exit(), down.both());
            String exits = ok("events", "--stream=false", "--since", since.toString(), "--filter", "container=" + id,
                    "--filter", "event=died", "--format", "{{.ContainerExitCode}}");
            System.out.printf("KubePlayIT: kube play %.1f s, enrolled and checked in %.1f s, HEALTHY %.1f s after the start;"
                    + " podman pod stop %.1f s, exit %s; then podman kube down%n", playedAt, enrolledAt, healthyAt, stopped, exit);
            // 0: a stop asked for is a clean end (143 would be the JVM's default, 137 a SIGKILL at the end of the grace)
            assertEquals("0", exit, "exit " + exit + " after podman pod stop\n" + logs(id));
            assertEquals(List.of("0"), exits.lines().toList(), "the container died more than once or not cleanly (podman events)");
            assertTrue(stopped < 10, "podman pod stop took " + stopped + " s: the signal did not reach the agent");
            assertNotEquals(0, podman("pod", "exists", pod).exit(), "the pod is still there after podman kube down");
            // the claim's named volume outlives the pod, so a new pod keeps the enrollment
            assertEquals(0, podman("volume", "exists", stateVolume).exit(), "kube down removed the state volume");
            for (String v : emptyDirs) {
                assertNotEquals(0, podman("volume", "exists", v).exit(), "the emptyDir volume " + v + " outlived the pod");
            }
        }
        System.out.printf("KubePlayIT: took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private String logs(String id) {
        return podman("logs", id).both();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
