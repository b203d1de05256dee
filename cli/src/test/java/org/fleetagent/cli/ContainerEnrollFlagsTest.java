package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.container.ContainerEnv;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.Test;

/** The container's environment becomes the same typed settings as the enroll flags, checked the same way. */
class ContainerEnrollFlagsTest {
    private final Usage usage = Usage.of(new PrintWriter(new StringWriter()));

    private EnrollmentSettings settings(Map<String, String> env, Optional<String> serviceToken) {
        ContainerEnv ce = new ContainerEnv(env);
        EnrollFlags f = ContainerEnrollFlags.from(ce, ce.enrollmentToken(), serviceToken, usage);
        f.validate(usage, env, true);
        return f.settings(usage, env, true, false);
    }

    @Test
    void aRemoteEnrollmentTakesTheFleetVariables() {
        EnrollmentSettings s = settings(Map.of("FLEET_ENROLL", "1", "FLEET_URL", "https://fleet:8220", "FLEET_ENROLLMENT_TOKEN", "a2V5aWQ6c2VjcmV0",
                "FLEET_REPLACE_TOKEN", "rep-secret", "ELASTIC_AGENT_TAGS", "a,b", "FLEET_ENROLL_TIMEOUT", "90s", "FLEET_DAEMON_TIMEOUT", "bogus"),
                Optional.empty());
        assertNull(s.fleetServer());
        assertEquals(URI.create("https://fleet:8220"), s.fleet().url());
        assertEquals("a2V5aWQ6c2VjcmV0", s.fleet().enrollmentToken());
        assertEquals("rep-secret", s.fleet().replaceToken());
        assertEquals(List.of("a", "b"), s.fleet().tags());
        assertEquals(Duration.ofSeconds(90), s.fleet().enrollTimeout());
        assertTrue(s.force() && !s.reloadDaemon() && !s.delay(), "the container replaces an enrollment and runs its own daemon");
    }

    @Test
    void aFleetServerBootstrapTakesTheFleetServerVariables() {
        EnrollmentSettings s = settings(Map.of("FLEET_SERVER_ENABLE", "1", "FLEET_SERVER_ELASTICSEARCH_HOST", "https://es1:9200,https://es2:9200",
                "FLEET_SERVER_PORT", "8230", "FLEET_SERVER_POLICY_ID", "fs-policy"), Optional.of("service-secret"));
        assertEquals(List.of(URI.create("https://es1:9200"), URI.create("https://es2:9200")), s.fleetServer().es());
        assertEquals(8230, s.fleetServer().port());
        assertEquals("fs-policy", s.fleetServer().policyId());
        assertEquals("service-secret", s.fleetServer().serviceToken());
        assertEquals(URI.create("https://localhost:8221"), s.fleet().url());
    }

    @Test
    void theBootstrapWaitsForItsDaemonAsLongAsTheDaemonTimeoutSays() {
        Map<String, String> base = Map.of("FLEET_SERVER_ENABLE", "1", "FLEET_SERVER_ELASTICSEARCH_HOST", "https://es:9200");
        assertEquals(Duration.ofMinutes(1), settings(base, Optional.of("service-secret")).fleetServer().effectiveDaemonTimeout(),
                "unset or 0 is the real default of one minute");
        Map<String, String> five = new java.util.HashMap<>(base);
        five.put("FLEET_DAEMON_TIMEOUT", "5m");
        assertEquals(Duration.ofMinutes(5), settings(five, Optional.of("service-secret")).fleetServer().effectiveDaemonTimeout());
        five.put("FLEET_DAEMON_TIMEOUT", "-1s");
        assertTrue(settings(five, Optional.of("service-secret")).fleetServer().effectiveDaemonTimeout().toDays() > 365,
                "a negative value waits without a limit");
    }

    @Test
    void aBadValueIsAUsageErrorNamingWhatIsWrong() {
        AgentException e = assertThrows(AgentException.class, () -> settings(Map.of("FLEET_ENROLL", "1", "FLEET_URL", "http://fleet:8220",
                "FLEET_ENROLLMENT_TOKEN", "a2V5aWQ6c2VjcmV0"), Optional.empty()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("is plain HTTP"), e.getMessage());
        AgentException port = assertThrows(AgentException.class, () -> settings(Map.of("FLEET_SERVER_ENABLE", "1", "FLEET_SERVER_PORT", "http"),
                Optional.of("t")));
        assertTrue(port.getMessage().startsWith("FLEET_SERVER_PORT must be a port number"), port.getMessage());
    }

    @Test
    void theElasticsearchFingerprintIsReadInAnyFormAndASha1IsRefusedNamingTheVariable() {
        byte[] digest = new byte[32];
        java.util.Arrays.fill(digest, (byte) 0xfb);
        EnrollmentSettings s = settings(Map.of("FLEET_SERVER_ENABLE", "1", "FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT",
                "sha256//" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest)), Optional.of("t"));
        assertEquals("fb".repeat(32), s.fleetServer().esCaFingerprint(), "normalised to the hex fleet-server wants");

        AgentException sha1 = assertThrows(AgentException.class, () -> settings(Map.of("FLEET_SERVER_ENABLE", "1",
                "FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT", "ab".repeat(20)), Optional.of("t")));
        assertEquals(ExitCode.USAGE, sha1.exitCode());
        assertTrue(sha1.getMessage().startsWith("FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT \"" + "ab".repeat(20) + "\" is 20 bytes long, a SHA-1"),
                sha1.getMessage());
        assertTrue(sha1.getMessage().contains(org.fleetagent.tls.DigestForm.ACCEPTED), sha1.getMessage());
    }
}
