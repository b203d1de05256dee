package org.fleetagent.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.enrollment.Inspection;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code elastic-agent inspect}: shows the configuration the agent runs with, decrypted from fleet.enc with the
 * vault key, secrets redacted unless {@code --show-secrets} is given.
 */
@Command(name = "inspect", customSynopsis = {"elastic-agent inspect [--show-secrets] [--variables] [--variables-wait <duration>]",
        "       elastic-agent inspect components [<id>] [--show-config] [--show-spec]"},
        description = "Show the current configuration of the Elastic Agent (fleet.enc decrypted; secrets redacted).",
        subcommands = InspectComponentsCommand.class)
public final class InspectCommand implements Callable<Integer> {
    private final CliContext ctx;

    @ParentCommand
    RootCommand root;

    @Option(names = "--show-secrets", order = 1, description = "Print API keys and token hashes instead of <REDACTED>.")
    boolean showSecrets;

    @Option(names = "--variables", order = 2,
            description = "Render the configuration with variables substituted (this agent has no variable providers: shown as is).")
    boolean variables;

    @Option(names = "--variables-wait", order = 3, paramLabel = "<duration>", converter = GoDurationConverter.class,
            description = "Wait this long for variables before substituting them (implies --variables).")
    java.time.Duration variablesWait;

    @Option(names = "--monitoring", order = 4, description = "Include the monitoring configuration (implies --variables; none is added here).")
    boolean monitoring;

    public InspectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (variables || variablesWait != null || monitoring) {
            ctx.err().println("Warning: this agent has no dynamic variable providers or monitoring inputs; the configuration is shown as is");
        }
        Map<String, Object> shown = new Inspection(root.global.paths()).configuration(showSecrets);
        ctx.out().print(YamlCodec.dump(shown));
        ctx.out().flush();
        return ExitCode.OK.code();
    }
}
