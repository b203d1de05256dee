package org.fleetagent.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.UnitState;
import org.fleetagent.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code elastic-agent status}: the running daemon's state, from the control socket. */
@Command(name = "status", customSynopsis = "elastic-agent status [--output human|json|yaml]",
        description = "Show the state of the running Elastic Agent daemon (exit 3 when none runs).")
public final class StatusCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { human, json, yaml }

    private final CliContext ctx;

    @Mixin
    IgnoredArguments ignored;

    @ParentCommand
    RootCommand root;

    @Option(names = "--output", defaultValue = "human", paramLabel = "<format>", description = "human, json or yaml (default: ${DEFAULT-VALUE}).")
    Format output;

    public StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ignored.warn(ctx.err(), "status");
        AgentState s;
        try (ControlClient client = ControlClient.connect(root.global.paths().socket())) {
            s = client.state(Duration.ofSeconds(30));
        }
        ctx.out().print(render(s, output));
        ctx.out().flush();
        return 0;
    }

    /** The state as {@code --output} prints it (golden files hold each format). */
    static String render(AgentState s, Format format) {
        return switch (format) {
            case json -> Json.writeString(s.toJson()) + System.lineSeparator();
            case yaml -> YamlCodec.dump(plain(s));
            default -> human(s);
        };
    }

    /** The state as plain maps, lists and strings (state names as text), for the YAML writer. */
    private static java.util.Map<String, Object> plain(AgentState s) {
        try {
            return Json.read(Json.write(s.toJson())).asMap();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String human(AgentState s) {
        StringBuilder b = new StringBuilder();
        b.append("elastic-agent: ").append(s.state()).append(" - ").append(s.message()).append('\n');
        b.append("  id: ").append(s.info().id().isEmpty() ? "(not enrolled)" : s.info().id())
                .append("  version: ").append(s.info().version()).append("  commit: ").append(s.info().commit())
                .append("  pid: ").append(s.info().pid()).append('\n');
        b.append("fleet: ").append(s.fleetState()).append(s.fleetState() == org.fleetagent.control.State.HEALTHY ? " (online)" : "")
                .append(" - ").append(s.fleetMessage()).append('\n');
        if (!s.components().isEmpty()) {
            b.append("components:\n");
            for (ComponentState c : s.components()) {
                b.append("  ").append(c.name()).append(" (").append(c.id()).append("): ").append(c.state()).append(" - ")
                        .append(c.message().replace("\n", "\n      ")).append('\n');
                for (UnitState u : c.units()) {
                    b.append("    ").append(u.type()).append(' ').append(u.id()).append(": ").append(u.state()).append(" - ")
                            .append(u.message()).append('\n');
                }
            }
        }
        return b.toString();
    }
}
