package org.fleetagent.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions of one enrollment that need no Fleet: delayed, warned about, refused before anything is sent. */
class EnrollmentServiceTest {
    @TempDir
    Path home;

    /** Records what the service tells and answers its question as told. */
    private static final class RecordingInteraction implements EnrollInteraction {
        final List<String> lines = new ArrayList<>();
        final boolean canAsk;
        final boolean answer;

        RecordingInteraction(boolean canAsk, boolean answer) {
            this.canAsk = canAsk;
            this.answer = answer;
        }

        @Override
        public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
            lines.add("retrying " + attempt);
        }

        @Override
        public void await(Duration wait) {
        }

        @Override
        public void warn(String message) {
            lines.add("warn " + message);
        }

        @Override
        public void step(String step) {
            lines.add("step " + step);
        }

        @Override
        public boolean canAsk() {
            return canAsk;
        }

        @Override
        public boolean confirmReplace() {
            lines.add("asked");
            return answer;
        }
    }

    private static EnrollmentSettings settings(boolean insecure, boolean delay, boolean force) {
        TransportSettings transport = new TransportSettings(new TlsSettings(List.of(), List.of(),
                insecure ? VerificationMode.NONE : VerificationMode.FULL, null, null, null),
                new ProxySettings(null, Map.of(), true, null), Duration.ofSeconds(5), Duration.ofSeconds(5));
        EnrollOptions o = new EnrollOptions(URI.create("https://fleet.invalid:8220"), "c2VjcmV0LWlkOnNlY3JldC1rZXk=", "", "", List.of(),
                Map.of(), transport, insecure, Duration.ofSeconds(5), "", false);
        return new EnrollmentSettings(o, null, null, force, delay, false, org.fleetagent.enroll.EnrollRetry.INTERACTIVE);
    }

    private EnrollmentService service(EnrollInteraction ui) {
        return new EnrollmentService(AgentPaths.of(home, null, null, null, null), Map.of(), ui, Clock.systemUTC());
    }

    @Test
    void aDelayedEnrollmentIsStoredForTheFirstStartAfterTheInsecureWarning() {
        RecordingInteraction ui = new RecordingInteraction(false, false);
        EnrollmentOutcome out = service(ui).enroll(settings(true, true, false));
        assertEquals(EnrollmentOutcome.Kind.DELAYED, out.kind());
        assertTrue(Files.isRegularFile(out.delayedFile()), out.toString());
        assertEquals(1, ui.lines.size(), ui.lines.toString());
        assertTrue(ui.lines.get(0).startsWith("warn --insecure: the Fleet Server certificate is NOT verified"), ui.lines.toString());
    }

    @Test
    void anEnrolledAgentIsAConflictWhenNobodyCanAnswerAndNothingIsSent() throws Exception {
        RecordingInteraction ui = new RecordingInteraction(false, true);
        AgentException e = enrollingAgain(ui);
        assertEquals(ExitCode.CONFLICT, e.exitCode());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(List.of(), ui.lines, "no attempt was made");
    }

    @Test
    void aPersonWhoDeclinesTheReplacementCancelsIt() throws Exception {
        RecordingInteraction ui = new RecordingInteraction(true, false);
        AgentException e = enrollingAgain(ui);
        assertEquals(ExitCode.CONFLICT, e.exitCode());
        assertEquals(List.of("asked"), ui.lines);
    }

    /** Enrolls an agent that already is (a fleet.enc exists) without --force; returns how that fails. */
    private AgentException enrollingAgain(RecordingInteraction ui) throws Exception {
        Files.writeString(home.resolve("fleet.enc"), "x");
        return assertThrows(AgentException.class, () -> service(ui).enroll(settings(false, false, false)));
    }
}
