package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetagent.fixtures.podman.Podman;
import org.junit.jupiter.api.Assumptions;

/**
 * The OCI image the package step made ({@code packaging/target/elastic-agent-<version>-image.tar}, system property
 * {@code elastic.agent.image}), loaded into podman's store as {@code localhost/elastic-agent:<version>}.
 */
final class ImageArchive {
    /** The lock {@code src/image/build-image} holds while it builds and tags the name. */
    private static final String LOCK = "/var/tmp/elastic-agent-image.lock";

    private ImageArchive() {
    }

    /** The image's id, and what the command run right after the load printed ({@code null} when none was given). */
    record Loaded(String id, Podman.Result then) {
    }

    /** The archive; skips the test (printing why) where podman cannot run or the package step did not build it. */
    static Path archive(String test) {
        SystemdSupport.assumePodman(test);
        Path archive = Path.of(System.getProperty("elastic.agent.image"));
        if (!Files.isRegularFile(archive)) {
            System.out.println(test + " skipped: " + archive + " was not built (the package step printed why)");
        }
        Assumptions.assumeTrue(Files.isRegularFile(archive), archive + " was not built");
        return archive;
    }

    /** The version the archive's name carries, which is the image's tag. */
    static String version(Path archive) {
        return archive.getFileName().toString().replaceAll("^elastic-agent-(.*)-image\\.tar$", "$1");
    }

    /**
     * {@code podman load} of the archive, which must bring the image by itself (the name is removed from the store
     * first), then {@code then} (if not empty) with {@code env}. Both run under the build's lock, since other checkouts
     * on this machine build and load the same name: a test that runs the image by name needs it unchanged until its
     * containers exist. Prints the load time and the image's size.
     */
    static Loaded load(String test, Path archive, List<String> then, Map<String, String> env) {
        long start = System.nanoTime();
        String name = "localhost/elastic-agent:" + version(archive);
        List<String> cmd = new ArrayList<>(List.of("flock", LOCK, "sh", "-c",
                "{ podman rmi \"$1\" || podman untag \"$1\"; } >/dev/null 2>&1;"
                        + " podman load -q -i \"$2\" && podman image inspect --format '{{.Id}}' \"$1\" || exit 120;"
                        + " echo '--- then'; shift 2; [ $# -eq 0 ] || exec \"$@\"",
                "load", name, archive.toString()));
        cmd.addAll(then);
        Podman.Result r = Podman.run(cmd, Duration.ofMinutes(3), env);
        int split = r.out().indexOf("--- then\n");
        assertTrue(split >= 0, "podman load of " + archive + " failed (exit " + r.exit() + "): " + r.both());
        String loadOut = r.out().substring(0, split);
        assertTrue(loadOut.contains("Loaded image: " + name), loadOut);
        String id = loadOut.strip().lines().reduce((a, b) -> b).orElseThrow();
        System.out.printf("%s: %s (%s) loaded in %.1f s, %s MiB%n", test, name, id, (System.nanoTime() - start) / 1e9,
                Long.parseLong(Podman.podman(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", id)) / 1048576);
        if (then.isEmpty()) {
            assertEquals(0, r.exit(), r.both());
            return new Loaded(id, null);
        }
        return new Loaded(id, new Podman.Result(r.exit(), r.out().substring(split + "--- then\n".length()), r.err()));
    }
}
