package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.Test;

/** The real agent's cli.Confirm, answered through standard input as a script answers it. */
class ConfirmTest {
    private final StringWriter out = new StringWriter();

    private boolean ask(String input, boolean dflt) {
        return Confirm.ask(new BufferedReader(new StringReader(input)), new PrintWriter(out), "Go on?", dflt);
    }

    @Test
    void emptyAnswerIsTheDefaultAndTheOptionsShowIt() {
        assertTrue(ask("\n", true));
        assertFalse(ask("\n", false));
        assertEquals("Go on? [Y/n]:Go on? [y/N]:", out.toString());
    }

    @Test
    void theRealWordsAreUnderstoodAndAnythingElseIsAskedAgain() {
        assertTrue(ask(" Yeah \n", false));
        assertFalse(ask("No\n", true));
        assertTrue(ask("maybe\nyes\n", false));
        assertTrue(out.toString().endsWith("Go on? [y/N]:Please write 'y' or 'n'\nGo on? [y/N]:"), out.toString());
    }

    @Test
    void theEndOfInputBeforeAnAnswerFailsWithTheWayAround() {
        AgentException e = assertThrows(AgentException.class, () -> ask("", true));
        assertEquals(ExitCode.FAILURE, e.exitCode());
        assertTrue(e.getMessage().startsWith("problem reading prompt response") && e.getMessage().contains("-f"), e.getMessage());
    }
}
