package org.fleetagent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code elastic-agent help [command]}: the usage of the root command or of the named one, as cobra's help command
 * prints it. Picocli's own {@code HelpCommand} cannot be used: its {@code -h} clashes with the inherited global one.
 */
@Command(name = "help", helpCommand = true, customSynopsis = "elastic-agent help [<command>]",
        description = "Help about any command.")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "<command>", description = "The command to explain.")
    String command;

    private CommandLine self;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine root = self.getParent();
        CommandLine target = command == null ? root : root.getSubcommands().get(command);
        if (target == null) {
            throw new CommandLine.ParameterException(self, "Unknown command '" + command + "' for 'elastic-agent help'");
        }
        target.usage(out);
        out.flush();
        return 0;
    }
}
