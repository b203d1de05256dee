package org.fleetagent.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code elastic-agent}: the root command; without a subcommand it prints the usage. */
@Command(name = "elastic-agent",
        mixinStandardHelpOptions = false,
        description = "Elastic Agent: installs, enrolls into Fleet and runs the agent.")
public final class RootCommand implements Runnable {
    /** The subcommands, in the order the usage lists them; {@link Cli} registers them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(VersionCommand.class, InstallCommand.class, UninstallCommand.class,
            ContainerCommand.class, EnrollCommand.class, RunCommand.class, StatusCommand.class, RestartCommand.class,
            InspectCommand.class, CompletionCommand.class);

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    GlobalOptions global;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required (for example: enroll, version)");
    }
}
