package org.fleetagent.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.fleetagent.daemon.Daemon;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.logging.AgentLogging;
import org.fleetagent.platform.AgentPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code elastic-agent run}: the daemon, in the foreground (also what {@code elastic-agent} alone runs). */
@Command(name = "run", customSynopsis = "elastic-agent run [-e] [--path.home <dir>] ...",
        description = {"Start the Elastic Agent daemon in the foreground.",
                "",
                "Serves the control socket (status, restart), keeps the agent checked in with Fleet and applies its",
                "policies. Logs go to <path.logs> as ECS JSON lines, or to standard error with -e. SIGTERM stops it.",
                "'elastic-agent' without a command runs it too.",
                ""})
public final class RunCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    IgnoredArguments ignored;

    @ParentCommand
    RootCommand root;

    @Option(names = "--fleet-init-timeout", converter = GoDurationConverter.class, paramLabel = "<duration>",
            description = "How long the first check-in waits for a Fleet Server this agent runs to start (default: $FLEET_SERVER_INIT_TIMEOUT, else 30s).")
    Duration fleetInitTimeout;

    public RunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ignored.warn(ctx.err(), "run");
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
        try {
            AgentLogging.configure(paths.logs(), global.logToStderr, global.debugLogging() ? Level.FINE : Level.INFO, System.err);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write logs to " + paths.logs() + ": " + e.getMessage()
                    + "; use -e to log to standard error, or --path.logs to move them");
        }
        Daemon daemon = new Daemon(paths, ctx.env(), fleetInitTimeout);
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean endedByItself = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (endedByItself.get()) {
                return; // the daemon returned its own exit status, which the JVM is exiting with
            }
            daemon.stop();
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // a stop asked for by SIGTERM or SIGINT is a clean end, as the real agent's (exit 0), not the JVM's
            // 128+signal, which systemd and orchestrators count as a failure; logs are flushed first
            java.util.logging.LogManager.getLogManager().reset();
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        try {
            return daemon.run();
        } finally {
            // also when run throws: a refused start keeps its own exit status, only a signalled stop is 0
            endedByItself.set(!daemon.stopRequested());
            done.countDown();
        }
    }
}
