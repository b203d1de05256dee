package org.fleetagent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelayedEnrollmentTest {
    @TempDir
    Path home;

    @Test
    void optionsAreKeptEncryptedAndReadBack() throws Exception {
        String token = "c2VjcmV0LWlkOnNlY3JldC1rZXk=";
        EnrollOptions o = new EnrollOptions(URI.create("https://fleet.example:8220"), token, "id-1", "", List.of("a"),
                Map.of("X-H", "v"), new TransportSettings(new TlsSettings(List.of("/ca.pem"), List.of(), VerificationMode.FULL,
                null, null, null), new ProxySettings(URI.create("http://proxy:3128"), Map.of("P", "q"), false, null),
                Duration.ofMinutes(10), Duration.ofSeconds(30)), false, Duration.ofMinutes(3), "", false);
        DelayedEnrollment d = new DelayedEnrollment(AgentPaths.of(home, null, null, null, null));
        d.save(o);

        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(token),
                        "the token is readable in " + p);
            }
        }
        EnrollOptions back = d.load().orElseThrow();
        assertEquals(token, back.enrollmentToken());
        assertEquals(o.url(), back.url());
        assertEquals("id-1", back.agentId());
        assertEquals(List.of("/ca.pem"), back.transport().tls().certificateAuthorities());
        assertEquals(URI.create("http://proxy:3128"), back.transport().proxy().url());
        assertEquals(Map.of("P", "q"), back.transport().proxy().headers());
        assertEquals(Duration.ofMinutes(3), back.enrollTimeout());
        assertTrue(d.pending());
        d.clear();
        assertFalse(d.pending());
    }
}
