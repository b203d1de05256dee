package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fleetagent.control.State;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.pki.CertValidity;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate expiry through the launcher and the dev Fleet Server over mutual TLS: the Fleet Server's certificate
 * ends in five days, the agent's own in 90 seconds. The daemon logs the 7-day warning once, {@code status} shows
 * each certificate's days left, and once the client certificate has expired the agent is DEGRADED, naming it; a
 * daemon started with the certificate already expired runs DEGRADED too, the check-in Fleet refuses reported.
 */
class CertificateExpiryIT {
    private static final String SEVEN_DAYS = "expires in less than 7 days";
    private static final String RENEW_CLIENT = "renew the client certificate and enroll with it";

    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    @AutoClose
    private FleetServerFixture fleet;

    @Test
    void warnsBeforeTheEndShowsDaysLeftAndDegradesOnceACertificateExpired() throws Exception {
        TestPki pki = TestPki.builder().serverValidity(CertValidity.ENDS_IN_FIVE_DAYS).clientValidity(CertValidity.ENDS_IN_90_SECONDS).build();
        Path ca = pki.rootCa().writeCertificate(dir.resolve("ca.pem"));
        Path cert = pki.client().writeCertificate(dir.resolve("agent.pem"));
        Path key = pki.client().writeKey(dir.resolve("agent.key"), KeyFormat.PKCS8);
        fleet = FleetServerFixture.builder()
                .tls(SslContexts.of(pki.server().privateKey(), pki.server().chain(), List.of(pki.rootCa().certificate())), ClientAuth.REQUIRED)
                .checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO).build().start();
        Path home = dir.resolve("home");
        AgentProcess.Result enrolled = agent.run("enroll", "--url", "https://localhost:" + fleet.port(), "-t", fleet.enrollmentToken(),
                "-a", ca.toString(), "--elastic-agent-cert", cert.toString(), "--elastic-agent-cert-key", key.toString(),
                "--path.home", home.toString());
        assertEquals(0, enrolled.exitCode(), enrolled.toString());
        Path log = home.resolve("daemon.log");
        Process daemon = agent.start(log, "run", "-e", "--path.home", home.toString());
        try {
            checkExpiry(home, log, pki);
        } finally {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
        // a restart with the certificate already expired: the daemon starts, DEGRADED naming it, the refused check-in reported
        Path again = home.resolve("daemon-again.log");
        Process restarted = agent.start(again, "run", "-e", "--path.home", home.toString());
        try {
            startsDegradedWithTheExpiredCertificate(home, again, pki, restarted);
        } finally {
            restarted.destroy();
            restarted.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private void startsDegradedWithTheExpiredCertificate(Path home, Path log, TestPki pki, Process daemon) {
        String client = pki.client().certificate().getSubjectX500Principal().getName();
        StatusJson s = awaitStatus(home, log, "DEGRADED at start, the refused check-in reported", Duration.ofSeconds(60),
                x -> x.state() == State.DEGRADED.number() && x.FleetState() == State.DEGRADED.number()
                        && x.FleetMessage() != null && x.FleetMessage().startsWith("cannot reach Fleet at "));
        assertTrue(s.message().startsWith("the client certificate \"" + client + "\" expired on "), s.message());
        assertTrue(s.message().contains(RENEW_CLIENT), s.message());
        assertTrue(daemon.isAlive(), "the daemon keeps running:\n" + Waits.read(log));
        AgentProcess.Result human = agent.run("status", "--path.home", home.toString());
        assertEquals(1, human.exitCode(), human.toString());
        assertTrue(human.out().contains("─ client certificate: EXPIRED less than a day ago ("), human.toString());
    }

    /** With the daemon running: status before and after the client certificate expired, and the warnings logged. */
    private void checkExpiry(Path home, Path log, TestPki pki) {
        Instant clientEnd = pki.client().certificate().getNotAfter().toInstant();
        String server = pki.server().certificate().getSubjectX500Principal().getName();
        String client = pki.client().certificate().getSubjectX500Principal().getName();

        // checked in: the three certificates with their days left, the agent still HEALTHY
        StatusJson up = awaitStatus(home, log, "three certificates while healthy", Duration.ofSeconds(60),
                s -> s.state() == State.HEALTHY.number() && s.certificates() != null && s.certificates().size() == 3);
        assertTrue(Instant.now().isBefore(clientEnd), "the client certificate must still be valid here; the set-up was too slow");
        long serverDays = up.certificate("Fleet Server certificate").days_left();
        assertTrue(serverDays == 4 || serverDays == 5, "about five days left: " + up.certificates());
        assertEquals(server, up.certificate("Fleet Server certificate").subject());
        assertTrue(up.certificate("Fleet CA").days_left() > 3000, up.certificates().toString());
        assertEquals(0, up.certificate("client certificate").days_left(), up.certificates().toString());

        AgentProcess.Result human = agent.run("status", "--path.home", home.toString());
        assertEquals(0, human.exitCode(), human.toString());
        assertTrue(human.out().contains("└─ certificates\n"), human.toString());
        assertTrue(human.out().contains("─ Fleet Server certificate: " + serverDays + " days left (" + server + ", until "), human.toString());
        assertTrue(human.out().contains("─ client certificate: 0 days left ("), human.toString());
        AgentProcess.Result yaml = agent.run("status", "--output", "yaml", "--path.home", home.toString());
        assertTrue(yaml.out().contains("\ncertificates:\n- role: Fleet CA\n"), yaml.toString());

        // the warnings: the server's 7-day one and the client's 1-day one, each once
        Waits.awaitLine(log, l -> l.contains(SEVEN_DAYS) && l.contains("Fleet Server certificate"), Duration.ofSeconds(10));
        Waits.awaitLine(log, l -> l.contains("expires in less than 1 day") && l.contains("client certificate"), Duration.ofSeconds(10));

        // the client certificate runs out: DEGRADED, naming it; status exits 1
        StatusJson degraded = awaitStatus(home, log, "DEGRADED after the client certificate expired",
                Duration.between(Instant.now(), clientEnd).plusSeconds(60), s -> s.state() == State.DEGRADED.number());
        assertTrue(degraded.message().startsWith("the client certificate \"" + client + "\" expired on "), degraded.message());
        assertTrue(degraded.certificate("client certificate").days_left() < 0, degraded.certificates().toString());
        AgentProcess.Result after = agent.run("status", "--path.home", home.toString());
        assertEquals(1, after.exitCode(), after.toString());
        assertTrue(after.out().contains("status: (DEGRADED) the client certificate \"" + client + "\" expired on "), after.toString());
        assertTrue(after.out().contains("─ client certificate: EXPIRED less than a day ago ("), after.toString());

        Waits.awaitLine(log, l -> l.contains("expired on") && l.contains(RENEW_CLIENT), Duration.ofSeconds(10));
        String lines = Waits.read(log);
        assertEquals(1, count(lines, l -> l.contains(SEVEN_DAYS) && l.contains("Fleet Server certificate")), "warned once, not at every check-in:\n" + lines);
        assertEquals(1, count(lines, l -> l.contains("expired on") && l.contains(RENEW_CLIENT)), lines);
        assertTrue(fleet.checkins(up.info().id()).size() > 5, "several check-ins happened meanwhile");
    }

    private StatusJson awaitStatus(Path home, Path log, String what, Duration timeout, java.util.function.Predicate<StatusJson> ok) {
        AgentProcess.Result r = Waits.until(what, timeout, Duration.ofMillis(500), () -> agent.run("status", "--output", "json", "--path.home",
                home.toString()), x -> !x.out().isBlank() && ok.test(StatusJson.of(x)), x -> "last: " + x + "\ndaemon log:\n" + Waits.read(log));
        return StatusJson.of(r);
    }

    private static long count(String text, java.util.function.Predicate<String> line) {
        return text.lines().filter(line).count();
    }
}
