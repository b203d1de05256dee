package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.podman.Podman;
import org.fleetagent.fixtures.podman.SystemdContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb under a real systemd: {@code dpkg -i}, {@code systemctl enable --now}, {@code enroll} (the service's
 * daemon takes the enrollment), an upgrade to a newer build (same agent, still checked in), {@code dpkg --purge}.
 */
@ExtendWith(PodmanRequired.class)
class SystemdDebIT {
    private static final String UNIT = "elastic-agent";

    @TempDir
    Path tmp;

    @Test
    void installEnrollUpgradePurge() throws Exception {
        long started = System.nanoTime();
        Path newer = newerBuild("9.6.0+1");
        try (FleetServerFixture fleet = QuickFleet.start();
             SystemdContainer c = SystemdSupport.boot(volumes(newer))) {
            c.check("dpkg -i /pkg/" + Path.of(System.getProperty("elastic.agent.deb")).getFileName());
            c.check("systemctl enable --now " + UNIT);
            c.await("elastic-agent status", r -> r.out().contains("HEALTHY"), Duration.ofSeconds(30));

            Podman.Result enroll = c.exec(Map.of("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken()),
                    "elastic-agent enroll --url " + fleet.url() + " --insecure");
            assertEquals(0, enroll.exit(), enroll.both());
            assertTrue(enroll.err().contains("The running agent was restarted"), enroll.both());
            assertEquals(1, fleet.agents().size());
            String id = fleet.agents().getFirst().id();
            fleet.awaitCheckins(id, 1, Duration.ofSeconds(20));
            c.check("test -f /etc/elastic-agent/fleet.enc");

            // the package's agent refuses 'install', naming 'enroll'
            Podman.Result install = c.exec(Map.of("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken()),
                    "elastic-agent install -n --insecure --url " + fleet.url());
            assertEquals(6, install.exit(), install.both());
            assertTrue(install.err().contains("enroll"), install.both());

            // upgrade: stopped, replaced, started again; same enrollment
            int before = fleet.checkins(id).size();
            c.check("dpkg -i /newer/" + newer.getFileName());
            assertEquals("9.6.0+1", c.check("dpkg-query -W -f='${Version}' elastic-agent"));
            assertEquals("active", c.check("systemctl is-active " + UNIT), c.journal(UNIT));
            fleet.awaitCheckins(id, before + 1, Duration.ofSeconds(30));
            assertEquals(1, fleet.agents().size(), "the upgrade enrolled a second agent");
            assertTrue(c.check("elastic-agent status --output full").contains("id: " + id));

            c.check("dpkg --purge elastic-agent");
            c.check("for p in /var/lib/elastic-agent /var/log/elastic-agent /etc/elastic-agent /usr/share/elastic-agent"
                    + " /usr/bin/elastic-agent /lib/systemd/system/elastic-agent.service"
                    + " /etc/systemd/system/multi-user.target.wants/elastic-agent.service; do"
                    + " if [ -e $p ]; then echo \"left: $p\"; exit 1; fi; done");
            assertTrue(c.sh("pgrep -f '[o]rg.fleetagent.cli.Main'").exit() != 0, "an agent process is left after the purge");
        }
        System.out.printf("SystemdDebIT took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private List<String> volumes(Path newer) {
        List<String> v = new java.util.ArrayList<>(SystemdSupport.volumes());
        v.addAll(List.of("-v", newer.getParent() + ":/newer:ro"));
        return v;
    }

    /** The same distribution packaged again with a higher version, as a newer release. */
    private Path newerBuild(String version) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("newer"));
        Podman.Result r = Podman.run(List.of(System.getProperty("elastic.agent.deb.builder"), SystemdSupport.dist().toString(),
                out.toString(), version), Duration.ofMinutes(3), java.util.Map.of("DEB_COMPRESSION", "gzip", "DEB_COMPRESSION_LEVEL", "1"));
        assertEquals(0, r.exit(), r.both());
        return Path.of(r.out().strip());
    }
}
