package org.fleetagent.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enroll.EnrollmentTokens;
import org.fleetagent.enrollment.EnrollmentOutcome;
import org.fleetagent.enrollment.EnrollmentService;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.install.InstallLayout;
import org.fleetagent.install.Installer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code elastic-agent install}: installs the agent as a service and enrolls it, as one transaction. */
@Command(name = "install", sortOptions = false,
        customSynopsis = "elastic-agent install [--url <url> --enrollment-token <token>] [flags]",
        description = {
                "Install the Elastic Agent permanently on this system.",
                "",
                """
                Copies this distribution to <base-path>/Elastic/Agent, writes /usr/bin/elastic-agent and the
                systemd unit, starts the service and enrolls it into Fleet (every enroll flag applies).
                Every step is journaled: when one fails, the enroll included, all of them are undone and the
                host is as before. Installing again with the same --url is a no-op that exits 0; --force
                reinstalls and keeps the agent id. Without systemd (containers, CI) the agent is started as a
                process instead of a service. Needs root.

                Exit codes: 0 installed (or already installed), 1 failure, 2 bad flags or not root, 3 Fleet or
                proxy unreachable, 4 TLS, 5 token rejected, 6 installed already with other settings, 7 timeout.
                """})
public final class InstallCommand extends AgentSubcommand {
    @Spec
    CommandSpec spec;

    @Mixin
    EnrollFlags flags;

    @Option(names = {"-f", "--force"}, order = 50, description = "Force overwrite the current install, and clean up a broken one (the agent keeps its id).")
    boolean force;

    @Option(names = {"-n", "--non-interactive"}, order = 50, description = "Install Elastic Agent in non-interactive mode which will not prompt on missing parameters but fails instead.")
    boolean nonInteractive;

    @Option(names = "--base-path", order = 50, paramLabel = "<dir>", defaultValue = "/opt",
            description = "Install Elastic Agent in a location other than the default (default: ${DEFAULT-VALUE}).")
    String basePath;

    @Option(names = "--unprivileged", order = 50, description = "Install in unprivileged mode, limiting the access of the Elastic Agent (service user elastic-agent-user, group elastic-agent).")
    boolean unprivileged;

    @Option(names = "--user", order = 50, paramLabel = "<user>", description = "User to run the service as (with --unprivileged).")
    String user;

    @Option(names = "--group", order = 50, paramLabel = "<group>", description = "Group to run the service as (with --unprivileged).")
    String group;

    @Option(names = "--install-servers", order = 50, description = "Install the servers flavor (set automatically by any --fleet-server-* flag).")
    boolean installServers;

    @Option(names = "--on-enroll-failure", order = 50, paramLabel = "<rollback|keep>", defaultValue = "rollback",
            description = "When enrollment fails: rollback (default) undoes the whole install; keep leaves the agent installed, running and not enrolled.")
    String onEnrollFailure;

    @Option(names = "--namespace", hidden = true, paramLabel = "<ns>", description = "Install into <base>/Elastic/Agent-<ns>.")
    String namespace;

    @Option(names = "--develop", hidden = true, description = "Install into the Development namespace.")
    boolean develop;

    @Option(names = "--run-uninstall-from-binary", hidden = true, description = "Accepted for compatibility.")
    boolean runUninstallFromBinary;

    @Option(names = "--system-root", hidden = true, paramLabel = "<dir>", defaultValue = "/",
            description = "Directory standing for / for the wrapper and the unit (tests).")
    Path systemRoot;

    @Override
    protected Integer run() {
        Usage usage = Usage.of(spec);
        flags.validate(usage, ctx.env(), false);
        if ((user != null || group != null) && !unprivileged) {
            // the real agent ignores them without --unprivileged, and installs a service that runs as root
            ctx.err().println("Warning: --user and --group are ignored without --unprivileged: the service runs as root;"
                    + " add --unprivileged to run it as " + (user != null ? user : "elastic-agent-user"));
            user = null;
            group = null;
        }
        InstallLayout layout = layout(spec, basePath, namespace, develop, systemRoot);
        Installer.OnEnrollFailure onFailure = switch (onEnrollFailure.toLowerCase(Locale.ROOT)) {
            case "rollback" -> Installer.OnEnrollFailure.ROLLBACK;
            case "keep" -> Installer.OnEnrollFailure.KEEP;
            default -> throw new ParameterException(spec.commandLine(), "--on-enroll-failure must be rollback or keep (got \"" + onEnrollFailure + "\")");
        };
        boolean prompt = ctx.interactive() && !force && !nonInteractive;
        if (prompt && !confirm("Elastic Agent will be installed at " + layout.top() + " and will run as a service. Do you want to continue?")) {
            throw new AgentException(ExitCode.FAILURE, "installation was cancelled by the user; nothing was changed");
        }
        EnrollmentSettings settings = flags.enrolls(ctx.env()) ? flags.settings(usage, ctx.env(), true, false) : null;
        if (settings != null && !settings.bootstrapsFleetServer()) {
            // a malformed token fails here, before the host is touched
            EnrollmentTokens.check(settings.fleet().enrollmentToken());
        }
        URI fleetUrl = flags.target.hasUrl() ? URI.create(flags.target.url) : settings != null ? settings.fleet().url() : null;
        ConsoleProgress ui = new ConsoleProgress(ctx.err(), ctx.interactive());
        Installer installer = new Installer(line -> {
            ctx.err().println(line);
            ctx.err().flush();
        }, ctx.env());
        Path source = Path.of(System.getProperty("elastic.agent.dist", "")).toAbsolutePath().normalize();
        Installer.Outcome outcome = installer.install(new Installer.Request(layout, source, force, unprivileged, user, group,
                flags.behaviour.delayEnroll, fleetUrl, onFailure), (paths, previous) -> describe(
                        new EnrollmentService(paths, ctx.env(), ui, Clock.systemUTC()).reinstall(settings, previous)));
        ctx.out().println(outcome.message());
        ctx.out().flush();
        return ExitCode.OK.code();
    }

    /** The enrollment of the installed agent, as the install's last line tells it. */
    private static String describe(EnrollmentOutcome o) {
        EnrollResult r = o.result();
        return switch (o.kind()) {
            case BOOTSTRAPPED -> "enrolled as agent " + r.agentId() + " into its own Fleet Server (policy " + r.policyId() + ")";
            case DELAYED -> "the enrollment into " + o.url() + " is stored encrypted in " + o.delayedFile() + " and runs on the first start";
            case ENROLLED -> "enrolled into " + o.url() + " as agent " + r.agentId() + o.identity() + " in policy " + r.policyId();
        };
    }

    static InstallLayout layout(CommandSpec spec, String basePath, String namespace, boolean develop, Path systemRoot) {
        if (basePath == null || !basePath.startsWith("/")) {
            throw new ParameterException(spec.commandLine(), "--base-path must be an absolute path, such as /opt (got \"" + basePath + "\")");
        }
        String ns = namespace != null && !namespace.isEmpty() ? namespace : develop ? "Development" : "";
        if (!ns.matches("[A-Za-z0-9._-]*")) {
            throw new ParameterException(spec.commandLine(), "--namespace may only hold letters, digits, '.', '_' and '-' (got \"" + ns + "\")");
        }
        return new InstallLayout(systemRoot, Path.of(basePath), ns);
    }

    private boolean confirm(String question) {
        String line = ask(question + " [Y/n]: ");
        return line.isBlank() || line.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }

    private String ask(String question) {
        ctx.err().print(question);
        ctx.err().flush();
        java.io.Console console = System.console();
        String line = console == null ? null : console.readLine();
        return line == null ? "" : line;
    }
}
