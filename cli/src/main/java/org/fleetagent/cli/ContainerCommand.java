package org.fleetagent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.container.ContainerAgentSettings;
import org.fleetagent.container.ContainerEnv;
import org.fleetagent.container.ContainerSetup;
import org.fleetagent.container.EnrollDecision;
import org.fleetagent.container.EnvLint;
import org.fleetagent.container.EnvTlsOverrides;
import org.fleetagent.container.SetupFiles;
import org.fleetagent.container.StartupLog;
import org.fleetagent.container.KibanaClient;
import org.fleetagent.enrollment.EnrollmentOutcome;
import org.fleetagent.enrollment.EnrollmentService;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code elastic-agent container}: the container entrypoint, configured by environment variables only. */
@Command(name = "container", customSynopsis = "elastic-agent container",
        description = {
                "Bootstrap and run the Elastic Agent inside a container, from environment variables.",
                "",
                """
                Reads FLEET_*, FLEET_SERVER_*, KIBANA_* and the path variables (STATE_PATH,
                CONFIG_PATH, LOGS_PATH), then fleet-setup.yml and credentials.yml in the
                config path, as the original image does; warns about names it does not read,
                refuses state paths that would not persist, decides whether to (re-)enroll
                and logs why, then runs the daemon in the foreground (logs to standard error
                unless LOGS_PATH is set). SIGTERM stops it cleanly.
                """})
public final class ContainerCommand extends ContextCommand {
    @Mixin
    IgnoredArguments ignored;

    @ParentCommand
    RootCommand root;

    private void say(String line) {
        ctx.err().println("container: " + line);
        ctx.err().flush();
    }

    @Override
    public Integer call() throws IOException {
        Optional<Path> logsPath = new ContainerEnv(ctx.env()).logsPath();
        if (logsPath.isEmpty()) {
            return entrypoint();
        }
        // as the real one: everything this command says also goes to $LOGS_PATH/elastic-agent-startup.log
        try (Writer log = StartupLog.open(logsPath.get())) {
            // the context's streams, copied into the startup log from here on
            ctx = new CliContext(new PrintWriter(new TeeWriter(ctx.out(), log), true), new PrintWriter(new TeeWriter(ctx.err(), log), true),
                    ctx.env(), ctx.interactive(), ctx.prestarted());
            try {
                return entrypoint();
            } catch (AgentException e) {
                ctx.err().println("Error: " + Cli.oneLine(e.getMessage())); // in the startup log too, the reason the container stopped
                ctx.err().flush();
                return e.exitCode().code();
            }
        }
    }

    private int entrypoint() throws IOException {
        ignored.warn(ctx.err(), "container");
        // an orchestrator may stop the container in any phase, the set-up and the enrollment too: a clean end
        CleanStop stop = CleanStop.install();
        try {
            return setUpAndRun(stop);
        } finally {
            stop.endedByItself();
        }
    }

    private int setUpAndRun(CleanStop stop) throws IOException {
        ContainerEnv fromEnv = new ContainerEnv(ctx.env());
        EnvLint.warnings(ctx.env()).forEach(w -> say("Warning: " + w));
        fromEnv.checkUrls();
        AgentPaths paths = settlePaths(fromEnv);
        // as the real one: the files in the config path are laid over the environment, a file's value winning
        SetupFiles.Result files = SetupFiles.read(paths.config());
        files.files().forEach(f -> say("read " + f + " over the environment"));
        Map<String, String> env = files.over(ctx.env());
        ContainerEnv ce = new ContainerEnv(env);
        if (ce.flag("ELASTIC_AGENT_CLOUD")) {
            say("Starting in elastic cloud mode");
            ce.first("APM_SERVER_PATH").ifPresent(a -> say(apmWarning(env)));
            if (files.files().isEmpty()) {
                say("not running the agent: ELASTIC_AGENT_CLOUD is set and neither " + String.join(" nor ", SetupFiles.NAMES) + " is in " + paths.config());
                return ExitCode.OK.code();
            }
        }
        List<String> applied = EnvTlsOverrides.applyStored(ce, paths);
        if (!applied.isEmpty()) {
            say("the stored enrollment now uses the TLS material of " + String.join(", ", applied) + " from the environment (no new enrollment)");
        }
        EnrollDecision decision = EnrollDecision.decide(ce, paths, env);
        say((decision.enroll() ? "enrolling: " : "not enrolling: ") + decision.reason());
        if (decision.enroll()) {
            int rc = enroll(ce, paths, env);
            if (rc != 0) {
                return rc; // the Error: line said why; the orchestrator's restart shows it instead of a silent loop
            }
        }
        recordAgentSettings(env, paths);
        root.global.requireNamedConfigFile(paths);
        boolean logToStderr = ce.logsPath().isEmpty() || root.global.logToStderr;
        return RunCommand.daemon(ctx, paths, logToStderr, root.global.debugLogging(), null, stop);
    }

    /** The real one starts the legacy APM Server with these as its flags; it is not started here, so say which go unused. */
    static String apmWarning(Map<String, String> env) {
        List<String> set = java.util.stream.Stream.of("HOME_PATH", "DATA_PATH", "HTTPPROF", "APMSERVER_GOGC")
                .filter(n -> env.get(n) != null && !env.get(n).isEmpty()).toList();
        return "Warning: APM_SERVER_PATH is set but the legacy APM Server is not supported here: it is not started"
                + (set.isEmpty() ? "" : " (" + String.join(", ", set) + " only configure it)");
    }

    /** As the real one's per-start overrides: the agent.* settings of the environment, recorded in the enrollment. */
    private void recordAgentSettings(Map<String, String> env, AgentPaths paths) throws IOException {
        ContainerAgentSettings.Settings s = ContainerAgentSettings.from(env);
        s.warnings().forEach(w -> say("Warning: " + w));
        if (ContainerAgentSettings.applyStored(s, paths)) {
            say("recorded in the enrollment: " + (s.values().isEmpty() ? "no agent settings from the environment"
                    : s.values().entrySet().stream().map(e -> "agent." + e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "))));
        }
    }

    /** The real one's setPaths: checks, creates and records the paths, then logs the ones it settled on. */
    private AgentPaths settlePaths(ContainerEnv ce) throws IOException {
        ContainerSetup setup = new ContainerSetup(ce, Path.of("/proc/self/mountinfo"));
        setup.preflight(ContainerEnv.isTrue(ctx.env().get("ELASTIC_AGENT_EPHEMERAL_STATE")));
        AgentPaths paths = setup.paths().withConfigFile(root.global.configFile);
        setup.writePathsFile(paths);
        String dist = System.getProperty("elastic.agent.dist");
        if (dist != null) {
            int copied = ContainerSetup.copyDownloads(Path.of(dist), paths);
            if (copied > 0) {
                say("copied " + copied + " files from " + Path.of(dist, "data", "downloads") + " into " + paths.top().resolve("downloads"));
            }
            // only into the config path: a -c file elsewhere (a read-only mount) is the user's to provide
            Path defaultConfig = Path.of(dist, "elastic-agent.yml");
            Path target = paths.config().resolve(AgentPaths.CONFIG_FILE);
            if (Files.isRegularFile(defaultConfig) && !Files.exists(target)) {
                Files.copy(defaultConfig, target);
            }
        }
        say("paths: state " + ce.statePath() + ", home " + paths.top() + ", config " + paths.config() + " (file " + paths.configFile()
                + "), logs " + ce.logsPath().map(Path::toString).orElse("to standard error") + ", socket " + paths.socket());
        return paths;
    }

    private int enroll(ContainerEnv ce, AgentPaths paths, Map<String, String> env) {
        Optional<String> token = ce.enrollmentToken();
        Optional<String> serviceToken = ce.serviceToken();
        if (ce.fleetServerEnabled() && serviceToken.isEmpty()) {
            serviceToken = Optional.of(new KibanaClient(ce, env).createServiceToken());
            say("created a Fleet Server service token in Kibana");
        }
        if (token.isEmpty() && !ce.fleetServerEnabled()) {
            String name = ce.withDefault("Default", "FLEET_TOKEN_NAME").replaceFirst(" \\([0-9a-fA-F-]{36}\\)$", "");
            token = Optional.of(new KibanaClient(ce, env).findEnrollmentToken(ce.first("FLEET_SERVER_POLICY_ID", "FLEET_SERVER_POLICY").orElse(null),
                    ce.first("FLEET_TOKEN_POLICY_NAME").orElse(null), name, false));
            say("found the enrollment token \"" + name + "\" in Kibana");
        }
        if (ce.fleetUrl().isEmpty() && !ce.fleetServerEnabled()) {
            throw new AgentException(ExitCode.USAGE, "FLEET_ENROLL is set but FLEET_URL is not: set FLEET_URL to the Fleet Server URL, such as https://fleet-server:8220");
        }
        try {
            Usage usage = Usage.of(ctx.err());
            EnrollFlags flags = ContainerEnrollFlags.from(ce, token, serviceToken, usage);
            flags.validate(usage, env, true);
            // an orchestrator may start the agent before Fleet Server or its DNS name: wait for what can heal
            EnrollmentSettings settings = flags.settings(usage, env, true, false).orchestrated();
            ConsoleProgress progress = new ConsoleProgress(ctx.err(), false, "container: ", "FLEET_ENROLL_TIMEOUT");
            EnrollmentOutcome outcome = new EnrollmentService(paths, env, progress, Clock.systemUTC()).enroll(settings);
            EnrollCommand.report(ctx, outcome, paths);
            return ExitCode.OK.code();
        } catch (AgentException e) {
            ctx.err().println("Error: " + e.getMessage());
            ctx.err().flush();
            return e.exitCode().code();
        }
    }
}
