package org.fleetagent.recovery;

import java.time.Duration;

/** What recovery needs of the daemon: restart it so that it re-reads fleet.enc, and wait until it checks in again. */
public interface DaemonRestart {
    /**
     * Restarts the daemon and waits until it is connected to Fleet again.
     *
     * @return what the daemon said, or {@link Restarted#NOT_RUNNING} when no daemon runs
     * @throws org.fleetagent.errors.AgentException when it does not restart, or is not connected within {@code timeout}
     */
    Restarted restartAndAwaitCheckin(Duration timeout);

    /**
     * The daemon after the restart.
     *
     * @param running      whether a daemon was running (else the new settings apply when it starts)
     * @param fleetMessage what its Fleet connection says once checked in
     */
    record Restarted(boolean running, String fleetMessage) {
        public static final Restarted NOT_RUNNING = new Restarted(false, "");
    }
}
