package org.fleetagent.cli;

import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine;

/**
 * Builds the command line the way both {@link Main} and the tests use it: one factory wires the commands,
 * the context, the error handlers and the exit-code mapping.
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine create(CliContext ctx) {
        CommandLine cl = new CommandLine(new RootCommand(), new ContextFactory(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = commandLine.getCommandSpec().root().findOption("--debug") != null
                    && Boolean.TRUE.equals(commandLine.getCommandSpec().root().findOption("--debug").getValue());
            if (ex instanceof AgentException ae) {
                ctx.err().println("Error: " + ae.getMessage());
                if (debug && ae.getCause() != null) {
                    ae.getCause().printStackTrace(ctx.err());
                }
                ctx.err().flush();
                return ae.exitCode().code();
            }
            ctx.err().println("Error: unexpected failure: " + ex);
            if (debug) {
                ex.printStackTrace(ctx.err());
            } else {
                ctx.err().println("Run again with --debug for the stack trace.");
            }
            ctx.err().flush();
            return ExitCode.FAILURE.code();
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("Error: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the flags.");
            c.getErr().flush();
            return ExitCode.USAGE.code();
        });
        return cl;
    }

    /** Gives every command that wants it the {@link CliContext}. */
    private record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
