package org.fleetagent.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code elastic-agent}: the root command; without a subcommand it runs the daemon, as the real agent's does. */
@Command(name = "elastic-agent",
        mixinStandardHelpOptions = false,
        description = "Elastic Agent: installs, enrolls into Fleet and runs the agent.")
public final class RootCommand extends ContextCommand {
    /** The subcommands, in the order the usage lists them; {@link Cli} registers them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(VersionCommand.class, InstallCommand.class, UninstallCommand.class,
            ContainerCommand.class, EnrollCommand.class, RunCommand.class, StatusCommand.class, RestartCommand.class,
            InspectCommand.class, PrivilegedCommand.class, UnprivilegedCommand.class, DoctorCommand.class, FleetCommand.class, LogsCommand.class,
            DiagnosticsCommand.class, VaultCommand.class,
            CompletionCommand.class, HelpCommand.class);

    @picocli.CommandLine.Mixin
    GlobalOptions global;

    /** The daemon, as {@code run} without its own flags (the real root command has none of them either). */
    @Override
    public Integer call() {
        return RunCommand.daemon(ctx, global, null);
    }
}
