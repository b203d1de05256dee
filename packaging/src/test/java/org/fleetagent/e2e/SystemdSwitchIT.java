package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.podman.Podman;
import org.fleetagent.fixtures.podman.SystemdContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code unprivileged} and {@code privileged} on the tar.gz installed under a real systemd (PID 1 in a podman container,
 * as {@link SystemdTarIT}): the running service is switched, systemd runs it as the new user, and it checks in again.
 */
class SystemdSwitchIT {
    private static final String UNIT = "elastic-agent";

    @BeforeAll
    static void needsPodman() {
        SystemdSupport.assumePodman("SystemdSwitchIT");
    }

    /** The user systemd runs the service's main process as. */
    private static String serviceUser(SystemdContainer c) {
        return c.check("ps -o user= -p $(systemctl show -p MainPID --value " + UNIT + ")").strip();
    }

    /** Runs the switch and checks that systemd runs the service as {@code user} with its files, and it checks in again. */
    private static void switchTo(SystemdContainer c, FleetServerFixture fleet, String id, String command, String user, String group)
            throws Exception {
        int before = fleet.checkins(id).size();
        Podman.Result r = c.sh("elastic-agent " + command + " -f");
        assertEquals(0, r.exit(), r.both());
        assertEquals("active", c.check("systemctl is-active " + UNIT), c.journal(UNIT));
        assertEquals("User=" + (user.equals("root") ? "" : user), c.check("systemctl show -p User " + UNIT));
        assertEquals(user, serviceUser(c));
        assertEquals(user + " " + group, c.check("stat -c '%U %G' /opt/Elastic/Agent/fleet.enc"));
        fleet.awaitCheckins(id, before + 1, Duration.ofSeconds(30));
    }

    @Test
    void switchARunningServiceBothWays() throws Exception {
        long started = System.nanoTime();
        try (FleetServerFixture fleet = FleetServerFixture.builder().checkinLongPoll(Duration.ofSeconds(2))
                .checkinJitter(Duration.ZERO).build().start();
             SystemdContainer c = SystemdContainer.boot(SystemdSupport.image(), SystemdSupport.volumes())) {
            String tarball = SystemdSupport.dist().getFileName() + ".tar.gz";
            c.check("mkdir -p /root/dl && tar -xzf /pkg/" + tarball + " -C /root/dl");
            Podman.Result install = c.exec(Map.of("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken()),
                    "/root/dl/" + SystemdSupport.dist().getFileName() + "/elastic-agent install --url " + fleet.url() + " --insecure -n");
            assertEquals(0, install.exit(), install.both());
            String id = fleet.agents().getFirst().id();
            assertEquals("root", serviceUser(c));

            switchTo(c, fleet, id, "unprivileged", "elastic-agent-user", "elastic-agent");
            assertTrue(c.check("elastic-agent status --output json").contains("\"unprivileged\": true"), c.journal(UNIT));
            switchTo(c, fleet, id, "privileged", "root", "root");

            Podman.Result uninstall = c.sh("elastic-agent uninstall --force");
            assertEquals(0, uninstall.exit(), uninstall.both());
            // the user and group unprivileged created go with the install
            c.check("! getent passwd elastic-agent-user && ! getent group elastic-agent && test ! -e /opt/Elastic");
        }
        System.out.printf("SystemdSwitchIT took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
