package org.fleetagent.cli;

import java.util.List;
import java.util.Locale;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.install.InstallLayout;
import org.fleetagent.install.Uninstaller;
import org.fleetagent.platform.Posix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code elastic-agent uninstall}: removes the installed agent, its service and wrapper, and tells Fleet. */
@Command(name = "uninstall", sortOptions = false,
        customSynopsis = "elastic-agent uninstall [-f] [--skip-fleet-audit]",
        description = {
                "Uninstall the Elastic Agent from this system.",
                "",
                """
                Stops the agent, tells Fleet it is uninstalled, disables the service and removes what install
                created (from its journal): the install directory, /usr/bin/elastic-agent, the systemd unit,
                the service user and group. Also cleans up a broken, half-finished install. Needs root.
                """})
public final class UninstallCommand extends AgentSubcommand {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Uninstall without prompting.")
    boolean force;

    @Option(names = "--skip-fleet-audit", description = "Do not tell Fleet that the agent is uninstalled.")
    boolean skipFleetAudit;

    @Option(names = "--uninstall-token", paramLabel = "<token>", description = "Uninstall token (accepted; tamper protection is not supported).")
    String uninstallToken;

    @Mixin
    InstalledAgentOptions target;

    @Override
    protected Integer run() throws Exception {
        InstallLayout layout = target.layout(spec);
        if (Posix.geteuid() != 0) {
            throw new AgentException(ExitCode.USAGE, "uninstall must run as root: run it again with sudo");
        }
        Uninstaller.requireSomething(layout);
        if (!force) {
            if (!ctx.interactive()) {
                throw new AgentException(ExitCode.USAGE, "uninstall asks for confirmation and there is no terminal: pass --force");
            }
            ctx.err().print("Elastic Agent will be uninstalled from your system at " + layout.top() + ". Do you want to continue? [Y/n]: ");
            ctx.err().flush();
            java.io.Console c = System.console();
            String line = c == null ? "" : c.readLine();
            if (line != null && !line.isBlank() && !line.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                throw new AgentException(ExitCode.FAILURE, "uninstall was cancelled by the user; nothing was changed");
            }
        }
        List<String> problems = new Uninstaller(line -> {
            ctx.err().println(line);
            ctx.err().flush();
        }, ctx.env()).remove(layout, !skipFleetAudit);
        if (!problems.isEmpty()) {
            throw new AgentException(ExitCode.FAILURE, "uninstall left something behind: " + String.join("; ", problems));
        }
        ctx.out().println("Elastic Agent has been uninstalled from " + layout.top() + ".");
        ctx.out().flush();
        return 0;
    }
}
