package org.fleetagent.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.fleetagent.enroll.DelayedEnrollment;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enroll.EnrollService;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.transport.HttpClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code elastic-agent enroll}: enrolls this agent into Fleet and keeps the credentials only in fleet.enc. */
@Command(name = "enroll", sortOptions = false,
        customSynopsis = "elastic-agent enroll --url <url> --enrollment-token <token> [flags]",
        description = {
                "Enroll the Elastic Agent into Fleet.",
                "",
                "Enrolls into the Fleet Server at --url with --enrollment-token. The agent id",
                "and its Fleet API key are stored only encrypted, in <config>/fleet.enc;",
                "elastic-agent.yml is replaced by the Fleet stub (with a timestamped backup).",
                "Nothing is written unless Fleet accepts the enrollment.",
                "",
                "Exit codes: 0 enrolled, 1 failure, 2 bad flags, 3 Fleet or proxy unreachable,",
                "4 TLS verification failed, 5 token rejected, 6 already enrolled (--force),",
                "7 --enroll-timeout passed.",
                ""})
public final class EnrollCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @ParentCommand
    RootCommand root;

    @Mixin
    EnrollFlags flags;

    @Option(names = {"-f", "--force"}, description = "Force overwrite the current enrollment without prompting.")
    boolean force;

    @Option(names = "--from-install", hidden = true, description = "Set by install: implies --force.")
    boolean fromInstall;

    @Option(names = "--from-install-user", hidden = true, defaultValue = "-1", description = "UID to own the files (install).")
    int fromInstallUser;

    @Option(names = "--from-install-group", hidden = true, defaultValue = "-1", description = "GID to own the files (install).")
    int fromInstallGroup;

    public EnrollCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        flags.validate(spec, ctx.env());
        AgentPaths paths = root.global.paths();
        if (flags.bootstrapsFleetServer()) {
            return bootstrap(paths);
        }
        EnrollOptions options = flags.toOptions(spec, ctx.env());
        ConsoleProgress progress = new ConsoleProgress(ctx.err(), ctx.interactive());
        if (options.insecure()) {
            progress.warn("--insecure: the Fleet Server certificate is NOT verified; anyone on the path can read and change Fleet traffic");
        }
        if (flags.delayEnroll) {
            DelayedEnrollment delayed = new DelayedEnrollment(paths);
            delayed.save(options);
            ctx.out().println("Successfully wrote " + delayed.file() + " for delayed enrollment of the Elastic Agent.");
            ctx.err().println("The options (token included) are stored encrypted; the agent enrolls on its first start.");
            ctx.out().flush();
            return ExitCode.OK.code();
        }
        EnrollService service = new EnrollService(paths, new HttpClientFactory(ctx.env()), progress, Clock.systemUTC());
        EnrollResult result = service.enroll(options, force || fromInstall, ctx.interactive() ? this::confirm : null);
        ctx.err().println("Enrolled as agent " + result.agentId() + " into policy " + result.policyId() + " at " + options.url()
                + (result.attempts() > 1 ? " after " + result.attempts() + " attempts" : "") + "; credentials stored in " + paths.fleetEnc());
        ctx.out().println("Successfully enrolled the Elastic Agent.");
        if (!flags.skipDaemonReload && !fromInstall) {
            reloadRunningDaemon(paths);
        }
        ctx.out().flush();
        ctx.err().flush();
        return ExitCode.OK.code();
    }

    /** A daemon already running from these paths re-reads fleet.enc, as the real agent's enroll does (unless --skip-daemon-reload). */
    private void reloadRunningDaemon(AgentPaths paths) {
        if (!java.nio.file.Files.exists(paths.socket())) {
            return;
        }
        try (org.fleetagent.control.ControlClient c = org.fleetagent.control.ControlClient.connect(paths.socket())) {
            c.restart(java.time.Duration.ofSeconds(30));
            ctx.err().println("The running agent was restarted and uses the new enrollment.");
        } catch (AgentException e) {
            ctx.err().println("Warning: the running agent could not be restarted (" + e.getMessage() + "): run 'elastic-agent restart'");
        }
    }

    private int bootstrap(AgentPaths paths) {
        ConsoleProgress progress = new ConsoleProgress(ctx.err(), ctx.interactive());
        if (flags.fsInsecureHttp) {
            progress.warn("--fleet-server-insecure-http: Fleet Server is exposed over plain HTTP; agents' traffic to it is not encrypted");
        }
        org.fleetagent.bootstrap.FleetServerBootstrap b = new org.fleetagent.bootstrap.FleetServerBootstrap(paths,
                new HttpClientFactory(ctx.env()), progress, progress, ctx.env());
        java.net.URI external = flags.url == null || flags.url.isEmpty() ? null : java.net.URI.create(flags.url);
        EnrollResult result = b.run(flags.fleetServerOptions(spec), flags.bootstrapEnrollOptions(ctx.env()), external);
        ctx.err().println("Enrolled as agent " + result.agentId() + " into its own Fleet Server (policy " + result.policyId() + ");"
                + " credentials stored in " + paths.fleetEnc());
        ctx.out().println("Successfully enrolled the Elastic Agent.");
        ctx.out().println("Start the agent with 'elastic-agent run' (or 'systemctl start elastic-agent' when installed).");
        ctx.out().flush();
        return ExitCode.OK.code();
    }

    private boolean confirm() {
        ctx.err().print("This will replace your current settings. Do you want to continue? [Y/n]: ");
        ctx.err().flush();
        java.io.Console console = System.console();
        String line = console == null ? null : console.readLine();
        return line == null || line.isBlank() || line.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }
}
