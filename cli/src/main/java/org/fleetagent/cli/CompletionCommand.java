package org.fleetagent.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code elastic-agent completion bash|zsh}: prints the shell completion script, made from the same command model
 * the build uses for the scripts it ships ({@code /usr/share/bash-completion/completions/elastic-agent},
 * {@code /usr/share/zsh/vendor-completions/_elastic-agent}).
 */
@Command(name = "completion",
        customSynopsis = "elastic-agent completion bash|zsh [--no-descriptions]",
        description = {
                "Print the shell completion script.",
                "",
                "bash: source <(elastic-agent completion bash)",
                "zsh:  source <(elastic-agent completion zsh), or save it as _elastic-agent in a directory of $fpath."})
public final class CompletionCommand extends ContextCommand {
    /** The shells a script is made for. */
    public enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Option(names = "--no-descriptions", description = "Leave the descriptions out of the completions (bash ones have none).")
    boolean noDescriptions;

    @Override
    public Integer call() {
        ctx.out().print(script(shell, Cli.create(ctx), !noDescriptions));
        ctx.out().flush();
        return 0;
    }

    /** The completion script for {@code shell} of the whole command line {@code cl} (every subcommand registered). */
    public static String script(Shell shell, CommandLine cl) {
        return script(shell, cl, true);
    }

    /** As {@link #script(Shell, CommandLine)}; without {@code descriptions} as cobra's {@code --no-descriptions}. */
    public static String script(Shell shell, CommandLine cl, boolean descriptions) {
        String name = cl.getCommandName();
        return switch (shell) {
            case bash -> AutoComplete.bash(name, cl); // picocli's bash completion offers words only, never descriptions
            case zsh -> ZshCompletion.script(cl, descriptions);
        };
    }
}
