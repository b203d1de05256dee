package org.fleetagent.recovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.RestartResult;
import org.fleetagent.control.State;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/** Restarts the daemon through its control socket, as {@code elastic-agent restart} does, and watches its Fleet state. */
public final class ControlSocketRestart implements DaemonRestart {
    private final Path socket;

    public ControlSocketRestart(Path socket) {
        this.socket = socket;
    }

    /** A client of the running daemon, or null when none runs. */
    private ControlClient connect() {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            return ControlClient.connect(socket);
        } catch (AgentException e) {
            if (e.exitCode() != ExitCode.UNREACHABLE) {
                throw e;
            }
            return null; // a socket nobody listens on: the daemon died; it reads the new settings when it starts
        }
    }

    @Override
    public Restarted restartAndAwaitCheckin(Duration timeout) {
        ControlClient client = connect();
        if (client == null) {
            return Restarted.NOT_RUNNING;
        }
        long end = System.nanoTime() + timeout.toNanos();
        try (client) {
            RestartResult r = client.restart(timeout);
            if (!r.succeeded()) {
                throw new AgentException(ExitCode.FAILURE, "the daemon could not restart with the new settings: " + r.error()
                        + "; 'elastic-agent fleet undo' returns to the previous ones");
            }
            AtomicReference<AgentState> last = new AtomicReference<>();
            try {
                // restart returns once the subsystems started again, so the Fleet state seen from here on is the new connection's
                AgentState s = client.watch(st -> st.fleetState() == State.HEALTHY, last::set, Duration.ofNanos(Math.max(1, end - System.nanoTime())));
                return new Restarted(true, s.fleetMessage());
            } catch (AgentException e) {
                if (e.exitCode() != ExitCode.TIMED_OUT) {
                    throw e;
                }
                AgentState s = last.get();
                throw new AgentException(ExitCode.TIMED_OUT, "the daemon restarted but did not check in with the new settings within "
                        + org.fleetagent.config.GoDuration.human(timeout) + (s == null ? "" : " (Fleet: " + s.fleetState() + ", " + s.fleetMessage() + ")")
                        + "; wait longer with 'elastic-agent status', or return to the previous settings with 'elastic-agent fleet undo'");
            }
        }
    }
}
