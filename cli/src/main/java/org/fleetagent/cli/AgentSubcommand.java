package org.fleetagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What the agent's leaf commands share: the {@link CliContext} of a {@link ContextCommand}, the root's global
 * options, and the real agent's tolerance of stray words (warned about once, before the command runs). picocli finds
 * these fields in subclasses.
 */
abstract class AgentSubcommand extends ContextCommand {
    @Mixin
    IgnoredArguments ignored;

    @ParentCommand
    RootCommand root;

    @Override
    public final Integer call() throws Exception {
        ignored.warn(ctx.err(), getClass().getAnnotation(Command.class).name());
        return run();
    }

    /** The command itself, after the stray-word warning. */
    protected abstract Integer run() throws Exception;
}
