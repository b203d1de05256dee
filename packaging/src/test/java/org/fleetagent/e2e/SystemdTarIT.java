package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleet.RecordedRequest;
import org.fleetagent.fixtures.podman.Podman;
import org.fleetagent.fixtures.podman.SystemdContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tar.gz under a real systemd (PID 1 in a podman container on the host's network): {@code install} against the
 * development Fleet Server on the host's loopback, a crash restarted by systemd, a reboot, {@code uninstall --force}.
 */
@ExtendWith(PodmanRequired.class)
class SystemdTarIT {
    private static final String UNIT = "elastic-agent";

    @Test
    void installCrashRebootUninstall() throws Exception {
        long started = System.nanoTime();
        try (FleetServerFixture fleet = QuickFleet.start();
             SystemdContainer c = SystemdSupport.boot(SystemdSupport.volumes())) {
            String tarball = SystemdSupport.dist().getFileName() + ".tar.gz";
            c.check("mkdir -p /root/dl && tar -xzf /pkg/" + tarball + " -C /root/dl");

            Podman.Result install = c.exec(Map.of("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken()),
                    "/root/dl/" + SystemdSupport.dist().getFileName() + "/elastic-agent install --url " + fleet.url() + " --insecure -n");
            assertEquals(0, install.exit(), install.both());
            assertEquals("active", c.check("systemctl is-active " + UNIT), c.journal(UNIT));
            assertEquals("Type=notify", c.check("systemctl show -p Type " + UNIT));
            assertEquals(1, fleet.agents().size());
            String id = fleet.agents().getFirst().id();
            fleet.awaitCheckins(id, 1, Duration.ofSeconds(20));

            // a crash: systemd restarts the service, HEALTHY again within 15 s
            String pid = c.check("systemctl show -p MainPID --value " + UNIT);
            long killed = System.nanoTime();
            c.check("systemctl kill -s KILL " + UNIT);
            c.await("systemctl show -p MainPID --value " + UNIT + " && elastic-agent status",
                    r -> r.exit() == 0 && !r.out().startsWith(pid + "\n") && r.out().contains("HEALTHY"), Duration.ofSeconds(15));
            System.out.printf("SystemdTarIT: HEALTHY again %.1f s after the kill%n", (System.nanoTime() - killed) / 1e9);

            // a reboot: the service starts at boot and checks in again
            int before = fleet.checkins(id).size();
            c.reboot();
            c.await("systemctl is-active " + UNIT, r -> r.out().strip().equals("active"), Duration.ofSeconds(30));
            fleet.awaitCheckins(id, before + 1, Duration.ofSeconds(30));

            Podman.Result uninstall = c.sh("elastic-agent uninstall --force");
            assertEquals(0, uninstall.exit(), uninstall.both());
            c.check("test ! -e /etc/systemd/system/" + UNIT + ".service && test ! -e /opt/Elastic && test ! -e /usr/bin/elastic-agent");
            assertTrue(c.sh("systemctl is-active " + UNIT).exit() != 0, "the service still runs after uninstall");
            List<RecordedRequest> audit = fleet.requests(q -> q.path().endsWith("/audit/unenroll"));
            assertEquals(1, audit.size(), "uninstall did not tell Fleet");
        }
        System.out.printf("SystemdTarIT took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
