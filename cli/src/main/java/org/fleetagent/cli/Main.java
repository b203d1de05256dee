package org.fleetagent.cli;

/** Process entry point of the {@code elastic-agent} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Thread earlyStart = EarlyFleetServerStart.maybeStart(args);
        int code;
        try {
            // only the command named among the arguments is registered (picocli reads every registered command's
            // annotations up front)
            code = Cli.create(CliContext.system(), args).execute(args);
        } finally {
            if (earlyStart != null) {
                EarlyFleetServerStart.discard(earlyStart);
            }
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
