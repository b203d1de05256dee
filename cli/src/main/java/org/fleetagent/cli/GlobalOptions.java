package org.fleetagent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * The real agent's global flags, accepted before or after the subcommand: the {@code --path.*} flags that move
 * the agent's files, {@code -c}, {@code -e}, {@code -v}, {@code -d}, {@code --environment}, plus {@code --debug}
 * for stack traces and {@code -h}. The real one defines the one-letter flags as Go flags that pflag turns into
 * both {@code -x} and {@code --x}, so both forms are accepted here too.
 */
public final class GlobalOptions {
    // order 100: after a command's own flags in the help of enroll and install, which list theirs by order
    @Option(names = "--path.home", scope = ScopeType.INHERIT, order = 100, paramLabel = "<dir>",
            description = "Agent root path (default: the directory of the running distribution, or /opt/Elastic/Agent when installed).")
    Path home;

    @Option(names = "--path.home.unversioned", scope = ScopeType.INHERIT, order = 100, hidden = true,
            description = "Agent root path is not versioned based on build.")
    boolean homeUnversioned;

    @Option(names = "--path.config", scope = ScopeType.INHERIT, order = 100, paramLabel = "<dir>",
            description = "Config path is the directory Agent looks for its config file (default: the home path).")
    Path config;

    @Option(names = {"-c", "--c", "--config"}, scope = ScopeType.INHERIT, order = 100, paramLabel = "<file>", defaultValue = "elastic-agent.yml",
            description = "Configuration file, relative to --path.config unless absolute (default: ${DEFAULT-VALUE}).")
    String configFile = AgentPaths.CONFIG_FILE; // also the default where no picocli parse happened (QuickAnswers)

    @Option(names = "--path.logs", scope = ScopeType.INHERIT, order = 100, paramLabel = "<dir>",
            description = "Logs path contains Agent log output (default: <home>/data/logs).")
    Path logs;

    @Option(names = "--path.downloads", scope = ScopeType.INHERIT, order = 100, paramLabel = "<dir>",
            description = "Downloads path contains binaries Agent downloads (default: <home>/data/downloads).")
    Path downloads;

    @Option(names = "--path.socket", scope = ScopeType.INHERIT, order = 100, paramLabel = "<file>", converter = SocketPathConverter.class,
            description = "A path or unix://<path> URL: the control protocol socket of the Agent (default: <home>/elastic-agent.sock).")
    Path socket;

    @Option(names = {"-e", "--e"}, scope = ScopeType.INHERIT, order = 100, description = "Log to stderr and disable syslog/file output.")
    boolean logToStderr;

    @Option(names = {"-v", "--v"}, scope = ScopeType.INHERIT, order = 100, description = "Log at INFO level.")
    boolean verbose;

    @Option(names = {"-d", "--d"}, scope = ScopeType.INHERIT, order = 100, paramLabel = "<selectors>", split = ",", hideParamSyntax = true,
            description = "Enable certain debug selectors (repeatable or comma separated); logs at DEBUG level.")
    List<String> debugSelectors = new ArrayList<>();

    @Option(names = "--environment", scope = ScopeType.INHERIT, order = 100, paramLabel = "<env>", converter = EnvironmentConverter.class,
            description = "Set the environment in which Elastic Agent is running: default, systemd, container, macos_service or windows_service.")
    String environment;

    /** The real agent's environment names (logp.ParseEnvironment), any case; another is refused as there. */
    static final class EnvironmentConverter implements ITypeConverter<String> {
        private static final List<String> NAMES = List.of("default", "systemd", "container", "macos_service", "windows_service");

        @Override
        public String convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!NAMES.contains(v)) {
                throw new TypeConversionException("'" + value + "' is not supported: use " + String.join(", ", NAMES));
            }
            return v;
        }
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, order = 100,
            description = "Print stack traces with errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, order = 100, description = "Show this help and exit.")
    boolean help;

    /** The agent's paths from these flags: defaults beside the distribution when no home is given. */
    public AgentPaths paths() {
        Path top = home;
        if (top == null && config == null && socket == null) {
            // inside a container, later commands use the paths the entrypoint recorded under STATE_PATH
            String state = System.getenv("STATE_PATH");
            java.util.Optional<AgentPaths> recorded = org.fleetagent.container.ContainerSetup.recorded(
                    Path.of(state == null || state.isEmpty() ? org.fleetagent.container.ContainerEnv.DEFAULT_STATE_PATH : state));
            if (recorded.isPresent()) {
                return recorded.get().withConfigFile(configFile);
            }
        }
        if (top == null) {
            String dist = System.getProperty("elastic.agent.dist");
            top = dist != null ? Path.of(dist) : Path.of("").toAbsolutePath();
        }
        return AgentPaths.of(top, config, logs, socket, downloads).withConfigFile(configFile);
    }

    /** Whether {@code -c} names another file than the default elastic-agent.yml. */
    boolean namesConfigFile() {
        return configFile != null && !configFile.isEmpty() && !configFile.equals(AgentPaths.CONFIG_FILE);
    }

    /**
     * A file that {@code -c} names must exist (the real agent fails on any missing one; a missing default is
     * fine here, as a fresh home has none yet).
     */
    void requireNamedConfigFile(AgentPaths paths) {
        if (namesConfigFile() && !Files.isRegularFile(paths.configFile())) {
            throw new AgentException(ExitCode.USAGE, "-c " + configFile + ": "
                    + paths.configFile() + " does not exist; give the path of the agent's elastic-agent.yml (relative to --path.config, or absolute)");
        }
    }

    /** Whether any {@code -d} selector was given: the real agent then logs at DEBUG level. */
    boolean debugLogging() {
        return !debugSelectors.isEmpty();
    }
}
