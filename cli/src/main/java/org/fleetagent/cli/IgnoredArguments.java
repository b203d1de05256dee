package org.fleetagent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * Words after a command that are neither flags nor flag values. The real agent's commands take none and ignore
 * them (cobra's default for a command without subcommands), so a script that passes one, such as
 * {@code --insecure true}, works there: here it works too, with a warning that names what was ignored.
 */
public final class IgnoredArguments {
    @Parameters(hidden = true, arity = "0..*", paramLabel = "<ignored>")
    List<String> values = new ArrayList<>();

    /** One warning line when there was anything to ignore. */
    void warn(PrintWriter err, String command) {
        if (!values.isEmpty()) {
            err.println("Warning: " + command + " takes no arguments; ignored: " + String.join(" ", values)
                    + " (a flag's value follows it, such as --url <url>; booleans take none)");
            err.flush();
        }
    }
}
