package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code completion bash|zsh [--no-descriptions]}, as cobra's completion command takes it. */
class CompletionCommandTest {
    @Test
    void zshWithoutDescriptionsOffersTheSameWordsWithoutTheirDescriptions() {
        CliRunner.Outcome full = CliRunner.run("completion", "zsh");
        CliRunner.Outcome bare = CliRunner.run("completion", "zsh", "--no-descriptions");
        assertEquals(0, full.code(), full.err());
        assertEquals(0, bare.code(), bare.err());
        full.assertOutHas("'enroll:Enroll", "'--insecure[");
        bare.assertOutHas("    'enroll'\n", "'--insecure'", "'--url=:<url>:'");
        bare.assertOutLacks("'--insecure[", "enroll:Enroll");
    }

    @Test
    void bashScriptsHaveNoDescriptionsSoTheFlagChangesNothing() {
        CliRunner.Outcome full = CliRunner.run("completion", "bash");
        CliRunner.Outcome bare = CliRunner.run("completion", "--no-descriptions", "bash");
        assertEquals(0, bare.code(), bare.err());
        assertTrue(full.out().contains("complete -F"), full.out());
        assertEquals(full.out(), bare.out());
    }
}
