package org.fleetagent.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.enrollment.Inspection;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code elastic-agent inspect components [id]}: the components model of the policy in force, as the real command
 * prints it (YAML; unit configurations only with {@code --show-config} or for one unit, specs only with
 * {@code --show-spec}); {@code <component-id>/<unit-id>} selects one unit.
 */
@Command(name = "components", customSynopsis = "elastic-agent inspect components [<id>] [--show-config] [--show-spec]",
        description = "Displays the components model for the configuration (one component, or <component-id>/<unit-id> for one unit).")
public final class InspectComponentsCommand extends ContextCommand {
    @ParentCommand
    InspectCommand inspect;

    @Parameters(arity = "0..1", paramLabel = "<id>", description = "A component ID, or <component-id>/<unit-id>.")
    String id;

    @Option(names = "--show-config", order = 1, description = "Show the configuration of all units (secrets redacted).")
    boolean showConfig;

    @Option(names = "--show-spec", order = 2, description = "Show the runtime specification of each component.")
    boolean showSpec;

    @Option(names = "--variables-wait", order = 3, paramLabel = "<duration>", converter = GoDurationConverter.class,
            description = "Accepted for compatibility: this agent has no dynamic variable providers to wait for.")
    Duration variablesWait;

    @Override
    public Integer call() {
        String componentId = id == null ? null : id.split("/", 2)[0];
        String unitId = id != null && id.contains("/") ? id.split("/", 2)[1] : null;
        List<Map<String, Object>> comps = new Inspection(inspect.root.global.paths()).components(showConfig || unitId != null, showSpec);
        if (componentId == null) {
            ctx.out().print(GoYaml.write(Map.of("components", comps)));
        } else {
            Map<String, Object> comp = find(comps, componentId).orElseThrow(() -> new AgentException(ExitCode.FAILURE,
                    "unable to find component with ID: " + componentId + " (run 'elastic-agent inspect components' for the IDs)"));
            if (unitId == null) {
                ctx.out().print(GoYaml.write(comp));
            } else {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> units = (List<Map<String, Object>>) comp.get("units");
                ctx.out().print(GoYaml.write(find(units, unitId).orElseThrow(() -> new AgentException(ExitCode.FAILURE,
                        "unable to find unit with ID: " + id + " (run 'elastic-agent inspect components " + componentId + "' for its units)"))));
            }
        }
        ctx.out().flush();
        return ExitCode.OK.code();
    }

    private static Optional<Map<String, Object>> find(List<Map<String, Object>> items, String wanted) {
        return items.stream().filter(m -> wanted.equals(m.get("id"))).findFirst();
    }
}
