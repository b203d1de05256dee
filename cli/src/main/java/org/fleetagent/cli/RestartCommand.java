package org.fleetagent.cli;

import java.time.Duration;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.RestartResult;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;

/** {@code elastic-agent restart}: the daemon re-reads its configuration and restarts its subsystems. */
@Command(name = "restart", customSynopsis = "elastic-agent restart",
        description = "Restart the running daemon's subsystems (it re-reads fleet.enc) and wait until it runs again.")
public final class RestartCommand extends AgentSubcommand {
    @Override
    protected Integer run() {
        long t0 = System.nanoTime();
        try (ControlClient client = ControlClient.connect(root.global.paths().socket())) {
            RestartResult r = client.restart(Duration.ofSeconds(60));
            if (!r.succeeded()) {
                throw new AgentException(ExitCode.FAILURE, "the daemon could not restart: " + r.error());
            }
            AgentState s = client.watch(st -> st.state() != null && st.state().running(), st -> { }, Duration.ofSeconds(60));
            ctx.out().println("Elastic Agent restarted: " + s.state() + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms.");
        }
        ctx.out().flush();
        return 0;
    }
}
