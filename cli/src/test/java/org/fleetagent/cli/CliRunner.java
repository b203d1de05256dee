package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in-process through the same factory as {@link Main}, with captured streams. */
final class CliRunner {
    record Outcome(int code, String out, String err) {
        /** Fails, showing the whole output, unless standard output holds every one of these. */
        void assertOutHas(String... parts) {
            for (String part : parts) {
                assertTrue(out.contains(part), out);
            }
        }

        /** Fails, showing the whole output, if standard output holds any one of these. */
        void assertOutLacks(String... parts) {
            for (String part : parts) {
                assertFalse(out.contains(part), out);
            }
        }
    }

    static Outcome run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false);
        int code = Cli.create(ctx, args).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome run(String... args) {
        return run(Map.of(), args);
    }
}
