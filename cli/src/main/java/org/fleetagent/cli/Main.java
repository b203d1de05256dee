package org.fleetagent.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.fleetagent.component.PrestartedComponents;

/** Process entry point of the {@code elastic-agent} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        OptionalInt quick = QuickAnswers.answer(args, System.getProperty("elastic.agent.dist"), out, err);
        if (quick.isPresent()) {
            // halt, not exit: no shutdown hook is registered yet, and Runtime.exit first initialises the JDK's
            // logging to log the exit (~15 ms of a ~100 ms command)
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(quick.getAsInt());
        }
        PrestartedComponents prestarted = new PrestartedComponents();
        Thread earlyStart = EarlyFleetServerStart.maybeStart(args, prestarted);
        int code;
        try {
            // only the command named among the arguments is registered (picocli reads every registered command's
            // annotations up front)
            code = Cli.create(CliContext.system(out, err, prestarted), args).execute(args);
        } finally {
            if (earlyStart != null) {
                EarlyFleetServerStart.discard(earlyStart, prestarted);
            }
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
