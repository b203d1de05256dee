package org.fleetagent.cli;

import org.fleetagent.component.PrestartedComponents;

/** Process entry point of the {@code elastic-agent} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrestartedComponents prestarted = new PrestartedComponents();
        Thread earlyStart = EarlyFleetServerStart.maybeStart(args, prestarted);
        int code;
        try {
            // only the command named among the arguments is registered (picocli reads every registered command's
            // annotations up front)
            code = Cli.create(CliContext.system(prestarted), args).execute(args);
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
