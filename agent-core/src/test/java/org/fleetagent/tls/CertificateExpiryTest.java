package org.fleetagent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateExpiryTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void daysLeftAreWholeDaysRoundedDownAndNegativeOnceExpired() {
        assertEquals(5, CertificateExpiry.daysLeft(NOW.plus(Duration.ofDays(5)), NOW));
        assertEquals(4, CertificateExpiry.daysLeft(NOW.plus(Duration.ofDays(5)).minusSeconds(1), NOW));
        assertEquals(0, CertificateExpiry.daysLeft(NOW.plusSeconds(1), NOW));
        assertEquals(-1, CertificateExpiry.daysLeft(NOW.minusSeconds(1), NOW));
        assertEquals(-3, CertificateExpiry.daysLeft(NOW.minus(Duration.ofDays(2)).minusSeconds(1), NOW));
        assertEquals("5 days left", CertificateExpiry.phrase(5));
        assertEquals("1 day left", CertificateExpiry.phrase(1));
        assertEquals("0 days left", CertificateExpiry.phrase(0));
        assertEquals("EXPIRED less than a day ago", CertificateExpiry.phrase(-1));
        assertEquals("EXPIRED 1 day ago", CertificateExpiry.phrase(-2));
        assertEquals("EXPIRED 2 days ago", CertificateExpiry.phrase(-3));
    }

    @Test
    void warnsAt30And7And1DaysAndAtExpiryOnceEach() {
        HandClock clock = new HandClock(NOW);
        CertificateExpiry expiry = new CertificateExpiry(clock);
        Instant end = NOW.plus(Duration.ofDays(40));
        assertEquals(Optional.empty(), due(expiry, end), "40 days left: nothing yet");

        clock.advance(Duration.ofDays(10));
        Optional<CertificateExpiry.Warning> w30 = due(expiry, end);
        assertEquals(30, w30.orElseThrow().threshold());
        assertEquals("the Fleet Server certificate \"CN=fleet\" expires in less than 30 days (on 2027-01-15T12:00:00Z, 30 days left): "
                + "renew the Fleet Server's certificate", w30.get().message());
        assertEquals(Optional.empty(), due(expiry, end), "checked again at the next check-in: not repeated");
        clock.advance(Duration.ofDays(1));
        assertEquals(Optional.empty(), due(expiry, end), "29 days left: still the 30-day warning, given already");

        clock.advance(Duration.ofDays(22));
        assertEquals(7, due(expiry, end).orElseThrow().threshold());
        assertEquals(Optional.empty(), due(expiry, end));

        clock.advance(Duration.ofDays(6).plusHours(1));
        CertificateExpiry.Warning w1 = due(expiry, end).orElseThrow();
        assertEquals(1, w1.threshold());
        assertTrue(w1.message().contains("expires in less than 1 day (on 2027-01-15T12:00:00Z, 0 days left)"), w1.message());
        assertEquals(Optional.empty(), due(expiry, end));

        clock.advance(Duration.ofHours(23).plusSeconds(1));
        CertificateExpiry.Warning expired = due(expiry, end).orElseThrow();
        assertEquals(0, expired.threshold());
        assertEquals("the Fleet Server certificate \"CN=fleet\" expired on 2027-01-15T12:00:00Z: renew the Fleet Server's certificate",
                expired.message());
        clock.advance(Duration.ofDays(3));
        assertEquals(Optional.empty(), due(expiry, end), "expired: said once");
    }

    @Test
    void aCertificateFirstSeenCloseToItsEndGetsOnlyTheSmallestThresholdCrossed() {
        CertificateExpiry expiry = new CertificateExpiry(Clock.fixed(NOW, ZoneOffset.UTC));
        Instant end = NOW.plus(Duration.ofDays(5));
        assertEquals(7, due(expiry, end).orElseThrow().threshold());
        assertEquals(Optional.empty(), due(expiry, end), "no 30-day warning after the 7-day one");
        assertEquals(5, CertificateExpiry.daysLeft(end, NOW));
    }

    @Test
    void eachCertificateAndRoleHasItsOwnWarnings() {
        CertificateExpiry expiry = new CertificateExpiry(Clock.fixed(NOW, ZoneOffset.UTC));
        Instant end = NOW.plus(Duration.ofDays(3));
        assertTrue(due(expiry, end).isPresent());
        assertTrue(expiry.due(CertificateExpiry.FLEET_SERVER, "serial-2", "CN=fleet", end).isPresent(), "a rotated certificate");
        Optional<CertificateExpiry.Warning> client = expiry.due(CertificateExpiry.CLIENT, "serial-1", "CN=agent", end);
        assertTrue(client.orElseThrow().message().endsWith("renew the client certificate and enroll with it (--elastic-agent-cert)"),
                client.get().message());
    }

    private static Optional<CertificateExpiry.Warning> due(CertificateExpiry expiry, Instant end) {
        return expiry.due(CertificateExpiry.FLEET_SERVER, "serial-1", "CN=fleet", end);
    }
}
