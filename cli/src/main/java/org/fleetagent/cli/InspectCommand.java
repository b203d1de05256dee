package org.fleetagent.cli;

import org.fleetagent.config.YamlCodec;
import org.fleetagent.enrollment.Inspection;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code elastic-agent inspect}: shows the configuration the agent runs with, decrypted from fleet.enc with the
 * vault key, secrets redacted unless {@code --show-secrets} is given; with {@code --explain}, where each connection
 * setting in force came from and which rule made it win.
 */
@Command(name = "inspect", customSynopsis = {"elastic-agent inspect [--show-secrets] [--variables] [--variables-wait <duration>]",
        "       elastic-agent inspect --explain [--output human|json]",
        "       elastic-agent inspect components [<id>] [--show-config] [--show-spec]"},
        description = "Show the current configuration of the Elastic Agent (fleet.enc decrypted; secrets redacted).",
        subcommands = InspectComponentsCommand.class)
public final class InspectCommand extends ContextCommand {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

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

    @Option(names = "--explain", order = 5, description = "For Fleet, each output and artifact downloads: the URL, proxy, CAs, pins, client"
            + " certificate and verification mode in force, where each came from (flag, environment, policy, default) and why it wins.")
    boolean explain;

    @Option(names = "--output", order = 6, paramLabel = "<format>",
            description = "With --explain: human or json (default: human).")
    ExplainOutput.Format output;

    @Override
    public Integer call() {
        if (output != null && !explain) {
            throw Usage.of(spec).error("--output applies to --explain only: add --explain, or drop --output to see the configuration");
        }
        Inspection inspection = new Inspection(root.global.paths());
        if (explain) {
            ctx.out().print(ExplainOutput.render(inspection.explain(ctx.env()), output == null ? ExplainOutput.Format.human : output));
        } else {
            if (variables || variablesWait != null || monitoring) {
                ctx.err().println("Warning: this agent has no dynamic variable providers or monitoring inputs; the configuration is shown as is");
            }
            ctx.out().print(YamlCodec.dump(inspection.configuration(showSecrets)));
        }
        ctx.out().flush();
        return ExitCode.OK.code();
    }
}
