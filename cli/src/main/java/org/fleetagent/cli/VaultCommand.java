package org.fleetagent.cli;

import java.util.List;
import org.fleetagent.enrollment.VaultHealth;
import org.fleetagent.enrollment.VaultHealth.Finding;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code elastic-agent vault}: the encrypted configuration and its key; {@code vault check} is its only action. */
@Command(name = "vault", customSynopsis = "elastic-agent vault check [--service-user <user>]",
        description = "Check the encrypted Fleet configuration (fleet.enc) and the vault that holds its key.",
        subcommands = VaultCommand.Check.class)
public final class VaultCommand extends ActionGroup {
    @Override
    String actions() {
        return "elastic-agent vault check";
    }

    /** {@code vault check}: every problem on its own line with its fix; exit 1 when there is any. */
    @Command(name = "check", customSynopsis = "elastic-agent vault check [--service-user <user>]",
            description = "Check that fleet.enc decrypts, the vault key is intact, modes and owners are right and the files"
                    + " belong to the user the service runs as. Exits 1 when anything is wrong, naming the fix.")
    public static final class Check extends ContextCommand {
        @ParentCommand
        VaultCommand vault;

        @Option(names = "--service-user", paramLabel = "<user>",
                description = "The user the service runs as (default: User= of the installed unit; without one, the user running this check).")
        String serviceUser;

        @Override
        public Integer call() {
            VaultHealth health = new VaultHealth(vault.root.global.paths(), serviceUser);
            List<Finding> findings = health.check();
            ctx.out().println("Service user: " + health.serviceUser());
            long problems = 0;
            for (Finding f : findings) {
                ctx.out().println((f.ok() ? "ok       " : "PROBLEM  ") + f.subject() + ": " + f.detail());
                if (!f.ok()) {
                    ctx.out().println("         fix: " + f.fix());
                    problems++;
                }
            }
            ctx.out().println(problems == 0 ? "The vault and fleet.enc are healthy." : problems + " problem(s) found.");
            ctx.out().flush();
            return problems == 0 ? ExitCode.OK.code() : ExitCode.FAILURE.code();
        }
    }
}
