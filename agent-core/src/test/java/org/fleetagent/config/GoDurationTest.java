package org.fleetagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesTheFormsTheRealAgentAccepts() {
        assertEquals(Duration.ofMinutes(10), GoDuration.parse("10m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofMinutes(10), GoDuration.parse("10m0s"));
    }

    @Test
    void rejectsValuesWithoutUnitsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("10"));
        assertTrue(e.getMessage().contains("\"10\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("ten minutes"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    }

    @Test
    void formatsAsGoDoes() {
        assertEquals("10m0s", GoDuration.format(Duration.ofMinutes(10)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("250ms", GoDuration.format(Duration.ofMillis(250)));
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("-30s", GoDuration.format(Duration.ofSeconds(-30)));
    }

    @Test
    void humanFormIsShort() {
        assertEquals("7s", GoDuration.human(Duration.ofMillis(7400)));
        assertEquals("1m12s", GoDuration.human(Duration.ofSeconds(72)));
        assertEquals("10m", GoDuration.human(Duration.ofMinutes(10)));
    }
}
