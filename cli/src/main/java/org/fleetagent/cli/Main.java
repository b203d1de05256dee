package org.fleetagent.cli;

/** Process entry point of the {@code elastic-agent} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Cli.create(CliContext.system()).execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
