package org.fleetagent.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /** The whole command line, every subcommand registered. */
    public static CommandLine create(CliContext ctx) {
        return create(ctx, null);
    }

    /**
     * The command line for {@code args}: only the subcommands named among the arguments are registered (all of
     * them when none is named, for the usage and its suggestions). Picocli reads every registered command's
     * annotations up front, a large part of every start spent on commands the invocation never runs.
     */
    public static CommandLine create(CliContext ctx, String[] arguments) {
        ContextFactory factory = new ContextFactory(ctx);
        CommandLine cl = new CommandLine(factory.command(RootCommand.class), factory);
        for (Class<?> cls : subcommandsFor(arguments)) {
            cl.addSubcommand(factory.command(cls));
        }
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = commandLine.getCommandSpec().root().findOption("--debug") != null
                    && Boolean.TRUE.equals(commandLine.getCommandSpec().root().findOption("--debug").getValue());
            if (ex instanceof AgentException ae) {
                ctx.err().println("Error: " + oneLine(ae.getMessage()));
                if (debug && ae.getCause() != null) {
                    ae.getCause().printStackTrace(ctx.err());
                }
                ctx.err().flush();
                return ae.exitCode().code();
            }
            if (debug) {
                ctx.err().println("Error: unexpected failure: " + oneLine(String.valueOf(ex)));
                ex.printStackTrace(ctx.err());
            } else {
                ctx.err().println("Error: unexpected failure (" + oneLine(String.valueOf(ex)) + "): run again with --debug for the stack trace");
            }
            ctx.err().flush();
            return ExitCode.FAILURE.code();
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            // one line, as every failure: the suggestion and the pointer to the help are folded into it
            CommandLine c = ex.getCommandLine();
            String message = oneLine(ex.getMessage());
            StringBuilder line = new StringBuilder("Error: ").append(message.endsWith(".") ? message.substring(0, message.length() - 1) : message);
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
            }
            line.append(". Run '").append(c.getCommandSpec().qualifiedName()).append(" --help' for the flags.");
            c.getErr().println(line);
            c.getErr().flush();
            return ExitCode.USAGE.code();
        });
        return cl;
    }

    /** Every failure is one line on stderr: a message that spans lines (a parser's, a peer's) is joined. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static List<Class<?>> subcommandsFor(String[] args) {
        if (args == null) {
            return RootCommand.SUBCOMMANDS;
        }
        Set<String> words = new HashSet<>(Arrays.asList(args)); // flags may repeat (--tag a --tag b)
        if (words.contains("help")) {
            return RootCommand.SUBCOMMANDS; // help lists every command, and names the one it explains
        }
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> cls : RootCommand.SUBCOMMANDS) {
            CommandLine.Command c = cls.getAnnotation(CommandLine.Command.class);
            if (words.contains(c.name()) || Arrays.stream(c.aliases()).anyMatch(words::contains)) {
                named.add(cls);
            }
        }
        return named.isEmpty() ? RootCommand.SUBCOMMANDS : named;
    }

    /** Creates what picocli asks for (commands, mixins, converters) and gives each {@link ContextCommand} the context. */
    private record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K made = CommandLine.defaultFactory().create(cls);
            if (made instanceof ContextCommand command) {
                command.ctx = ctx;
            }
            return made;
        }

        /** A command {@link Cli} registers itself: failing to create it is a bug, named after the command. */
        Object command(Class<?> cls) {
            try {
                return create(cls);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the " + cls.getSimpleName() + " command", e);
            }
        }
    }
}
