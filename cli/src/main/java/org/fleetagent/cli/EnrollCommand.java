package org.fleetagent.cli;

import java.io.PrintWriter;
import java.time.Clock;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enrollment.EnrollmentOutcome;
import org.fleetagent.enrollment.EnrollmentService;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code elastic-agent enroll}: enrolls this agent into Fleet and keeps the credentials only in fleet.enc. */
@Command(name = "enroll", sortOptions = false,
        customSynopsis = "elastic-agent enroll --url <url> --enrollment-token <token> [flags]",
        description = {
                "Enroll the Elastic Agent into Fleet.",
                "",
                """
                Enrolls into the Fleet Server at --url with --enrollment-token. The agent id
                and its Fleet API key are stored only encrypted, in <config>/fleet.enc;
                elastic-agent.yml is replaced by the Fleet stub (with a timestamped backup).
                Nothing is written unless Fleet accepts the enrollment.

                Exit codes: 0 enrolled, 1 failure, 2 bad flags, 3 Fleet or proxy unreachable,
                4 TLS verification failed, 5 token rejected, 6 already enrolled (--force),
                7 --enroll-timeout passed.
                """})
public final class EnrollCommand extends AgentSubcommand {
    @Spec
    CommandSpec spec;

    @Mixin
    EnrollFlags flags;

    @Option(names = {"-f", "--force"}, order = 50, description = "Force overwrite the current enrollment without prompting.")
    boolean force;

    @Option(names = "--from-install", hidden = true, description = "Set by install: implies --force.")
    boolean fromInstall;

    @Option(names = "--from-install-user", hidden = true, defaultValue = "-1", description = "UID to own the files (install).")
    int fromInstallUser;

    @Option(names = "--from-install-group", hidden = true, defaultValue = "-1", description = "GID to own the files (install).")
    int fromInstallGroup;

    @Override
    protected Integer run() {
        Usage usage = Usage.of(spec);
        flags.validate(usage, ctx.env(), true);
        AgentPaths paths = root.global.paths();
        root.global.requireNamedConfigFile(paths);
        EnrollmentSettings settings = flags.settings(usage, ctx.env(), force || fromInstall,
                !flags.behaviour.skipDaemonReload && !fromInstall);
        ConsoleProgress ui = new ConsoleProgress(ctx.err(), ctx.interactive());
        EnrollmentOutcome outcome = new EnrollmentService(paths, ctx.env(), ui, Clock.systemUTC(), ctx.prestarted()).enroll(settings);
        report(ctx, outcome, paths);
        return ExitCode.OK.code();
    }

    /** What {@code enroll} (and {@code container}, which enrolls the same way) prints when an enrollment succeeded. */
    static void report(CliContext ctx, EnrollmentOutcome outcome, AgentPaths paths) {
        PrintWriter out = ctx.out();
        PrintWriter err = ctx.err();
        EnrollResult r = outcome.result();
        switch (outcome.kind()) {
            case DELAYED -> {
                out.println("Successfully wrote " + outcome.delayedFile() + " for delayed enrollment of the Elastic Agent.");
                err.println("The options (token included) are stored encrypted; the agent enrolls on its first start.");
            }
            case BOOTSTRAPPED -> {
                err.println("Enrolled as agent " + r.agentId() + " into its own Fleet Server (policy " + r.policyId() + ");"
                        + " credentials stored in " + paths.fleetEnc());
                out.println("Successfully enrolled the Elastic Agent.");
                out.println("Start the agent with 'elastic-agent run' (or 'systemctl start elastic-agent' when installed).");
            }
            case ENROLLED -> {
                err.println("Enrolled as agent " + r.agentId() + " into policy " + r.policyId() + " at " + outcome.url()
                        + (r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "") + "; credentials stored in " + paths.fleetEnc());
                out.println("Successfully enrolled the Elastic Agent.");
                if (!outcome.daemon().isEmpty()) {
                    err.println(outcome.daemon());
                }
            }
        }
        out.flush();
        err.flush();
    }
}
