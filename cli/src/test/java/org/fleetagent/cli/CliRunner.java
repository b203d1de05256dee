package org.fleetagent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in-process through the same factory as {@link Main}, with captured streams. */
final class CliRunner {
    record Outcome(int code, String out, String err) {
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
