package org.fleetagent.cli;

import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where the option groups report: a usage error (exit 2, one line naming the flag and the fix) and a note about a
 * value read another way than written.
 */
interface Usage {
    /** The error to throw for {@code message}. */
    RuntimeException error(String message);

    /** A line on standard error that does not stop the command. */
    void note(String message);

    /** Errors of a command's own flags: a picocli usage error, with the hint to run {@code --help}. */
    static Usage of(CommandSpec spec) {
        return new Usage() {
            @Override
            public RuntimeException error(String message) {
                return new ParameterException(spec.commandLine(), message);
            }

            @Override
            public void note(String message) {
                spec.commandLine().getErr().println(message);
            }
        };
    }

    /** Errors of settings that came from somewhere else than the command line (the container's environment). */
    static Usage of(java.io.PrintWriter err) {
        return new Usage() {
            @Override
            public RuntimeException error(String message) {
                return new AgentException(ExitCode.USAGE, message);
            }

            @Override
            public void note(String message) {
                err.println(message);
            }
        };
    }
}
