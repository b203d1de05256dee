package org.fleetagent.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import org.fleetagent.daemon.Daemon;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.logging.AgentLogging;
import org.fleetagent.platform.AgentPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elastic-agent run}: the daemon, in the foreground (also what {@code elastic-agent} alone runs). */
@Command(name = "run", customSynopsis = "elastic-agent run [-e] [--path.home <dir>] ...",
        description = {
                "Start the Elastic Agent daemon in the foreground.",
                "",
                """
                Serves the control socket (status, restart), keeps the agent checked in with Fleet and applies its
                policies. Logs go to <path.logs> as ECS JSON lines, or to standard error with -e. SIGTERM stops it.
                'elastic-agent' without a command runs it too.
                """})
public final class RunCommand extends AgentSubcommand {
    @Option(names = "--fleet-init-timeout", converter = GoDurationConverter.class, paramLabel = "<duration>",
            description = "How long the first check-in waits for a Fleet Server this agent runs to start (default: $FLEET_SERVER_INIT_TIMEOUT, else 30s).")
    Duration fleetInitTimeout;

    // the real run's flags that mean nothing on Linux or for this agent: accepted as there, never an error
    @Option(names = "--disable-encrypted-store", description = "Disable the encrypted disk storage (Only useful on Mac OS).")
    boolean disableEncryptedStore;

    @Option(names = "--testing-mode", hidden = true, description = "Run with testing mode enabled (no effect here).")
    boolean testingMode;

    @Option(names = "--develop", hidden = true, description = "Run beside an installed agent (no effect here).")
    boolean develop;

    @Override
    protected Integer run() {
        if (testingMode) {
            ctx.err().println("Warning: --testing-mode has no effect: this agent takes its configuration from elastic-agent.yml and Fleet only");
        }
        if (develop) {
            ctx.err().println("Warning: --develop has no effect: use --path.home to run a second agent beside an installed one");
        }
        return daemon(ctx, root.global, fleetInitTimeout);
    }

    /**
     * Runs the daemon until SIGTERM.
     *
     * @param fleetInitTimeout {@code --fleet-init-timeout}, or null for {@code FLEET_SERVER_INIT_TIMEOUT} (else 30 s)
     */
    static int daemon(CliContext ctx, GlobalOptions global, Duration fleetInitTimeout) {
        AgentPaths paths = global.paths();
        global.requireNamedConfigFile(paths);
        return daemon(ctx, paths, global.logToStderr, global.debugLogging(), fleetInitTimeout, CleanStop.install());
    }

    /** Runs the daemon with these paths until a stop is asked for; {@code container} comes here after its set-up. */
    static int daemon(CliContext ctx, AgentPaths paths, boolean logToStderr, boolean debug, Duration fleetInitTimeout,
            CleanStop stop) {
        boolean asked = false;
        try {
            try {
                AgentLogging.configure(paths.logs(), logToStderr, debug ? Level.FINE : Level.INFO, System.err);
            } catch (IOException e) {
                throw new AgentException(ExitCode.FAILURE, "cannot write logs to " + paths.logs() + ": " + e.getMessage()
                        + "; use -e to log to standard error, or --path.logs to move them");
            }
            Daemon daemon = new Daemon(paths, ctx.env(), fleetInitTimeout);
            stop.daemonStarted(daemon::stop);
            try {
                return daemon.run();
            } finally {
                asked = daemon.stopRequested();
            }
        } finally {
            // also when the start is refused: it keeps its own exit status, only a signalled stop is 0
            stop.daemonEnded(asked);
        }
    }
}
