package org.fleetagent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * The real agent's {@code cli.Confirm}: the question and {@code [Y/n]} (or {@code [y/N]}) on standard output, the
 * answer read from standard input, so {@code echo y | elastic-agent ...} answers it as there.
 */
final class Confirm {
    private Confirm() {
    }

    /**
     * Asks until the answer is y, yes, yeah, n, no or empty (the default); anything else is asked again. The end of
     * input before an answer is the real one's failure, with the way around it.
     */
    static boolean ask(BufferedReader in, PrintWriter out, String question, boolean dflt) {
        while (true) {
            out.print(question + " " + (dflt ? "[Y/n]" : "[y/N]") + ":");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                out.println();
                throw new AgentException(ExitCode.FAILURE, "problem reading prompt response: standard input ended without an answer;"
                        + " pass -f to go ahead without asking");
            }
            switch (line.strip().toLowerCase(Locale.ROOT)) {
                case "" -> {
                    return dflt;
                }
                case "y", "yes", "yeah" -> {
                    return true;
                }
                case "n", "no" -> {
                    return false;
                }
                default -> out.println("Please write 'y' or 'n'");
            }
        }
    }
}
