package org.fleetagent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fleetagent.enroll.AgentNotReplaceableException;
import org.fleetagent.enroll.DelayedEnrollment;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enroll.EnrollService;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.install.Enrollment;
import org.fleetagent.install.InstallLayout;
import org.fleetagent.install.Installer;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.transport.HttpClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code elastic-agent install}: installs the agent as a service and enrolls it, as one transaction. */
@Command(name = "install", sortOptions = false,
        customSynopsis = "elastic-agent install [--url <url> --enrollment-token <token>] [flags]",
        description = {
                "Install the Elastic Agent permanently on this system.",
                "",
                "Copies this distribution to <base-path>/Elastic/Agent, writes /usr/bin/elastic-agent and the",
                "systemd unit, starts the service and enrolls it into Fleet (every enroll flag applies).",
                "Every step is journaled: when one fails, the enroll included, all of them are undone and the",
                "host is as before. Installing again with the same --url is a no-op that exits 0; --force",
                "reinstalls and keeps the agent id. Without systemd (containers, CI) the agent is started as a",
                "process instead of a service. Needs root.",
                "",
                "Exit codes: 0 installed (or already installed), 1 failure, 2 bad flags or not root, 3 Fleet or",
                "proxy unreachable, 4 TLS, 5 token rejected, 6 installed already with other settings, 7 timeout.",
                ""})
public final class InstallCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @ParentCommand
    RootCommand root;

    @Mixin
    EnrollFlags flags;

    @Option(names = {"-f", "--force"}, description = "Force overwrite the current install, and clean up a broken one (the agent keeps its id).")
    boolean force;

    @Option(names = {"-n", "--non-interactive"}, description = "Install Elastic Agent in non-interactive mode which will not prompt on missing parameters but fails instead.")
    boolean nonInteractive;

    @Option(names = "--base-path", paramLabel = "<dir>", defaultValue = "/opt",
            description = "Install Elastic Agent in a location other than the default (default: ${DEFAULT-VALUE}).")
    String basePath;

    @Option(names = "--unprivileged", description = "Install in unprivileged mode, limiting the access of the Elastic Agent (service user elastic-agent-user, group elastic-agent).")
    boolean unprivileged;

    @Option(names = "--user", paramLabel = "<user>", description = "User to run the service as (with --unprivileged).")
    String user;

    @Option(names = "--group", paramLabel = "<group>", description = "Group to run the service as (with --unprivileged).")
    String group;

    @Option(names = "--install-servers", description = "Install the servers flavor (set automatically by any --fleet-server-* flag).")
    boolean installServers;

    @Option(names = "--on-enroll-failure", paramLabel = "<rollback|keep>", defaultValue = "rollback",
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

    public InstallCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        flags.validate(spec, ctx.env(), false);
        InstallLayout layout = layout(spec, basePath, namespace, develop, systemRoot);
        Installer.OnEnrollFailure onFailure = switch (onEnrollFailure.toLowerCase(Locale.ROOT)) {
            case "rollback" -> Installer.OnEnrollFailure.ROLLBACK;
            case "keep" -> Installer.OnEnrollFailure.KEEP;
            default -> throw new ParameterException(spec.commandLine(), "--on-enroll-failure must be rollback or keep (got \"" + onEnrollFailure + "\")");
        };
        if ((user != null || group != null) && !unprivileged) {
            throw new ParameterException(spec.commandLine(), "--user and --group need --unprivileged");
        }
        boolean prompt = ctx.interactive() && !force && !nonInteractive;
        if (prompt && !confirm("Elastic Agent will be installed at " + layout.top() + " and will run as a service. Do you want to continue?")) {
            throw new AgentException(ExitCode.FAILURE, "installation was cancelled by the user; nothing was changed");
        }
        boolean fleetServer = flags.bootstrapsFleetServer();
        boolean hasUrl = flags.url != null && !flags.url.isEmpty();
        if (hasUrl && !fleetServer) {
            // a malformed token or TLS file fails here, before the host is touched
            org.fleetagent.enroll.EnrollmentTokens.check(flags.toOptions(spec, ctx.env()).enrollmentToken());
        }
        URI fleetUrl = hasUrl ? URI.create(flags.url) : fleetServer ? URI.create("https://localhost:8221") : null;
        ConsoleProgress progress = new ConsoleProgress(ctx.err(), ctx.interactive());
        Installer installer = new Installer(line -> {
            ctx.err().println(line);
            ctx.err().flush();
        }, ctx.env());
        Path source = Path.of(System.getProperty("elastic.agent.dist", "")).toAbsolutePath().normalize();
        Installer.Outcome outcome = installer.install(new Installer.Request(layout, source, force, unprivileged, user, group,
                flags.delayEnroll, fleetServer || hasUrl ? fleetUrl : null, onFailure), (paths, previous) -> enroll(paths, previous, progress, layout));
        ctx.out().println(outcome.message());
        ctx.out().flush();
        return ExitCode.OK.code();
    }

    /** The enrollment of the installed agent: the same code as {@code enroll}, into the installed paths. */
    private String enroll(AgentPaths paths, Optional<Enrollment> previous, ConsoleProgress progress, InstallLayout layout) {
        if (flags.bootstrapsFleetServer()) {
            org.fleetagent.bootstrap.FleetServerBootstrap b = new org.fleetagent.bootstrap.FleetServerBootstrap(paths,
                    new HttpClientFactory(ctx.env()), progress, progress, ctx.env());
            URI external = flags.url == null || flags.url.isEmpty() ? null : URI.create(flags.url);
            EnrollResult r = b.run(flags.fleetServerOptions(spec), keepIdentity(flags.bootstrapEnrollOptions(ctx.env()), previous), external);
            return "enrolled as agent " + r.agentId() + " into its own Fleet Server (policy " + r.policyId() + ")";
        }
        EnrollOptions o = keepIdentity(flags.toOptions(spec, ctx.env()), previous);
        if (flags.delayEnroll) {
            DelayedEnrollment delayed = new DelayedEnrollment(paths);
            delayed.save(o);
            return "the enrollment into " + o.url() + " is stored encrypted in " + delayed.file() + " and runs on the first start";
        }
        EnrollService service = new EnrollService(paths, new HttpClientFactory(ctx.env()), progress, Clock.systemUTC());
        EnrollResult r;
        String replaced = "";
        try {
            r = service.enroll(o, true, null);
        } catch (AgentNotReplaceableException e) {
            if (previous.isEmpty() || !previous.get().agentId().equals(o.agentId())) {
                throw e; // the operator asked for this id with --id: not ours to change
            }
            r = service.enroll(freshIdentity(o), true, null);
            replaced = " (Fleet would not let it keep the id " + o.agentId() + ", which now belongs to another policy or was"
                    + " re-enrolled elsewhere; " + retire(previous.get()) + ")";
        }
        boolean kept = previous.isPresent() && previous.get().agentId().equals(r.agentId());
        return "enrolled into " + o.url() + " as agent " + r.agentId() + (kept ? " (the same id as before)" : replaced)
                + " in policy " + r.policyId();
    }

    /**
     * Tells Fleet that the agent a reinstall could not replace is gone ({@code audit/unenroll}, reason uninstall), with
     * that agent's own credentials; says what became of it.
     */
    private String retire(Enrollment old) {
        try {
            old.client(ctx.env()).auditUnenroll(old.agentId(), old.accessApiKey(), "uninstall", Duration.ofSeconds(10));
            return "Fleet was told that the old agent " + old.agentId() + " is uninstalled";
        } catch (IOException | RuntimeException e) {
            return "the old agent " + old.agentId() + " is still listed in Fleet (" + e.getMessage() + "): unenroll it in Kibana";
        }
    }

    /** The same enrollment under a new agent id (Fleet assigns it) and a new replace token. */
    private static EnrollOptions freshIdentity(EnrollOptions o) {
        return new EnrollOptions(o.url(), o.enrollmentToken(), "", "", o.tags(), o.headers(), o.transport(),
                o.insecure(), o.enrollTimeout(), o.stagingHash(), o.checkinOnStateChange());
    }

    /** After --force, enroll under the previous agent id with its replace token, unless --id was given. */
    private static EnrollOptions keepIdentity(EnrollOptions o, Optional<Enrollment> previous) {
        if (previous.isEmpty() || !o.agentId().isEmpty() || previous.get().agentId().isEmpty() || previous.get().replaceToken().isEmpty()) {
            return o;
        }
        Enrollment p = previous.get();
        return new EnrollOptions(o.url(), o.enrollmentToken(), p.agentId(), p.replaceToken(), o.tags(), o.headers(), o.transport(),
                o.insecure(), o.enrollTimeout(), o.stagingHash(), o.checkinOnStateChange());
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
