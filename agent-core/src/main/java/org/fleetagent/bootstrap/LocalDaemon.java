package org.fleetagent.bootstrap;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.fleetagent.daemon.Daemon;
import org.fleetagent.logging.AgentLogging;
import org.fleetagent.platform.AgentPaths;

/**
 * The daemon a bootstrap runs when none is running: the same {@link Daemon} as {@code elastic-agent run}, on a
 * thread of the enrolling process instead of a second JVM (which would take long to start and to stop),
 * logging to the agent's log files. It is stopped when the enrollment is done, as the original stops the daemon
 * it spawned.
 */
final class LocalDaemon {
    private final Daemon daemon;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile Integer exit;

    private LocalDaemon(Daemon daemon) {
        this.daemon = daemon;
        this.thread = Thread.ofPlatform().name("bootstrap-daemon").unstarted(() -> {
            try {
                exit = daemon.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    static LocalDaemon start(AgentPaths paths, Map<String, String> env, org.fleetagent.component.PrestartedComponents prestarted) {
        try {
            AgentLogging.configure(paths.logs(), false, Level.INFO, System.err);
        } catch (IOException e) {
            // the daemon runs without its log files; its state still reaches the enroller over the socket
        }
        LocalDaemon d = new LocalDaemon(Daemon.forBootstrap(paths, env, prestarted));
        d.thread.start();
        return d;
    }

    /** Whether its control socket accepts connections, waiting at most {@code timeout} for it. */
    boolean awaitListening(Duration timeout) {
        try {
            return daemon.awaitListening(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** Why it stopped. */
    String why() {
        return failure != null ? String.valueOf(failure.getMessage()) : "exit code " + exit;
    }

    /** Stops it (components included) and waits for it. */
    void stop(Duration timeout) {
        daemon.stop();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
