package org.fleetagent.cli;

import java.time.Duration;
import java.time.Instant;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.State;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elastic-agent status}: the running daemon's state, from the control socket, in the real agent's shapes.
 * Exits 0 only when the agent is HEALTHY and 1 otherwise, also when no daemon answers, as the real one does.
 */
@Command(name = "status", customSynopsis = "elastic-agent status [--output human|full|json|yaml]",
        description = "Show the current status of the running Elastic Agent daemon (exit 0 only when it is HEALTHY, 1 otherwise).")
public final class StatusCommand extends AgentSubcommand {
    @Option(names = "--output", defaultValue = "human", paramLabel = "<format>",
            description = "human (only what is not healthy), full, json or yaml (default: ${DEFAULT-VALUE}).")
    StatusOutput.Format output;

    @Override
    protected Integer run() {
        AgentState s;
        try (ControlClient client = ControlClient.connect(root.global.paths().socket())) {
            s = client.state(Duration.ofSeconds(30));
        } catch (AgentException e) {
            // the real status exits 1 for every failure; probes and scripts test for 0 or not
            throw new AgentException(ExitCode.FAILURE, e.getMessage(), e);
        }
        ctx.out().print(StatusOutput.render(s, output, Instant.now()));
        ctx.out().flush();
        return s.state() == State.HEALTHY ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }
}
