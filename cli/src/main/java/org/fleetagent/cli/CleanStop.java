package org.fleetagent.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogManager;

/**
 * Makes a stop asked for by SIGTERM or SIGINT a clean end with exit 0, as the real agent's, in every phase of a
 * long-running command (the container's set-up and enrollment as much as the daemon): not the JVM's 128+signal,
 * which systemd and orchestrators count as a failure. One per command run; the JVM's shutdown hook is its trigger.
 */
final class CleanStop {
    private final AtomicReference<Runnable> stopDaemon = new AtomicReference<>();
    private final AtomicBoolean endedByItself = new AtomicBoolean();
    private final CountDownLatch daemonDone = new CountDownLatch(1);

    /** Starts listening for the stop signal. */
    static CleanStop install() {
        CleanStop stop = new CleanStop();
        Runtime.getRuntime().addShutdownHook(new Thread(stop::onSignal, "shutdown"));
        return stop;
    }

    /** From now on a stop first asks the daemon to stop and waits (15 s at most) for {@link #daemonEnded}. */
    void daemonStarted(Runnable stop) {
        stopDaemon.set(stop);
    }

    /** The daemon's run returned; {@code asked} says whether a stop request ended it. */
    void daemonEnded(boolean asked) {
        endedByItself.set(!asked);
        daemonDone.countDown();
    }

    /** The command is ending on its own (an error, or work done): its exit status is kept. */
    void endedByItself() {
        endedByItself.set(true);
    }

    private void onSignal() {
        if (endedByItself.get()) {
            return; // the JVM is exiting with the command's own status
        }
        Runnable stop = stopDaemon.get();
        if (stop != null) {
            stop.run();
            try {
                daemonDone.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LogManager.getLogManager().reset(); // flushes the log handlers before the halt
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }
}
