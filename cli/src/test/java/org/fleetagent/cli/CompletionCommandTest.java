package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertTrue(full.out().contains("'enroll:Enroll"), full.out());
        assertTrue(full.out().contains("'--insecure["), full.out());
        assertTrue(bare.out().contains("    'enroll'\n"), bare.out());
        assertTrue(bare.out().contains("'--insecure'"), bare.out());
        assertTrue(bare.out().contains("'--url=:<url>:'"), bare.out());
        assertFalse(bare.out().contains("'--insecure["), bare.out());
        assertFalse(bare.out().contains("enroll:Enroll"), bare.out());
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
