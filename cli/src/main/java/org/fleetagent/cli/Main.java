package org.fleetagent.cli;

/** Process entry point of the {@code elastic-agent} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean prestarted = EarlyFleetServerStart.maybeStart(args);
        int code;
        try {
            code = Cli.create(CliContext.system()).execute(args);
        } finally {
            if (prestarted) {
                org.fleetagent.component.ComponentSupervisor.discardPrestarted();
            }
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
