package org.fleetagent.enroll;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.Test;

class EnrollmentTokensTest {
    private static final String GOOD = Base64.getEncoder().encodeToString("keyid1:secretpart".getBytes(StandardCharsets.UTF_8));

    @Test
    void acceptsBase64OfIdColonKey() {
        assertDoesNotThrow(() -> EnrollmentTokens.check(GOOD));
    }

    @Test
    void lostPaddingIsNamedWithoutPrintingTheToken() {
        String truncated = GOOD.substring(0, GOOD.length() - 2) + "!";
        AgentException e = assertThrows(AgentException.class, () -> EnrollmentTokens.check(truncated));
        assertEquals(ExitCode.CREDENTIALS, e.exitCode());
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
        assertFalse(e.getMessage().contains(truncated), "the token must not be printed");
    }

    @Test
    void base64WithoutColonIsNotAnEnrollmentToken() {
        String noColon = Base64.getEncoder().encodeToString("justonepart".getBytes(StandardCharsets.UTF_8));
        AgentException e = assertThrows(AgentException.class, () -> EnrollmentTokens.check(noColon));
        assertEquals(ExitCode.CREDENTIALS, e.exitCode());
        assertTrue(e.getMessage().contains("<id>:<key>"), e.getMessage());
    }

    @Test
    void emptyTokenIsAUsageError() {
        assertEquals(ExitCode.USAGE, assertThrows(AgentException.class, () -> EnrollmentTokens.check(" ")).exitCode());
    }
}
