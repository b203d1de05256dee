package org.fleetagent.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fleetagent.fixtures.podman.Podman;
import org.fleetagent.fixtures.podman.SystemdContainer;
import org.junit.jupiter.api.Assumptions;

/** What the systemd tests share: the podman check, the base image (no Java in it), and the distribution's runtime. */
final class SystemdSupport {
    private SystemdSupport() {
    }

    static Path dist() {
        return Path.of(System.getProperty("elastic.agent.dist"));
    }

    /** Skips (with the reason printed) where podman cannot run containers. */
    static void assumePodman(String test) {
        String reason = Podman.unavailableReason();
        if (reason != null) {
            System.out.println(test + " skipped: " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    static String image() {
        return Podman.baseImage("elastic-agent-systemd", SystemdContainer.SYSTEMD_PACKAGES);
    }

    /**
     * Volumes for the container: {@code /pkg} is packaging/target, read-only. The image has no Java: the distribution
     * brings its own runtime in {@code <dist>/jre}, which is what these tests prove.
     */
    static List<String> volumes() {
        if (!Files.isExecutable(dist().resolve("jre/bin/java"))) {
            throw new IllegalStateException("no bundled runtime in " + dist() + ": build the packaging module first");
        }
        return new ArrayList<>(List.of("-v", dist().getParent() + ":/pkg:ro"));
    }

    /** The base image booted with these volumes, checked to have no Java of its own; closed again if that check fails. */
    static SystemdContainer boot(List<String> volumes) {
        SystemdContainer c = SystemdContainer.boot(image(), volumes);
        try {
            assertNoHostJava(c);
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Fails when the container has a Java of its own, which would hide a distribution that does not bring one. */
    static void assertNoHostJava(SystemdContainer c) {
        c.check("! command -v java >/dev/null && ! { command -v dpkg >/dev/null && dpkg -l | grep -qi 'openjdk\\|jre'; }");
    }
}
