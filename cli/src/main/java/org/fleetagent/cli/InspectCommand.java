package org.fleetagent.cli;

import java.util.Map;
import java.util.concurrent.Callable;
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
@Command(name = "inspect", customSynopsis = "elastic-agent inspect [--show-secrets] [--explain [--output human|json]]",
        description = "Show the current configuration of the Elastic Agent (fleet.enc decrypted; secrets redacted).")
public final class InspectCommand implements Callable<Integer> {
    private final CliContext ctx;

    @ParentCommand
    RootCommand root;

    @Option(names = "--show-secrets", description = "Print API keys and token hashes instead of <REDACTED>.")
    boolean showSecrets;

    @Option(names = "--explain", description = "For Fleet, each output and artifact downloads: the URL, proxy, CAs, pins, client"
            + " certificate and verification mode in force, where each came from (flag, environment, policy, default) and why it wins.")
    boolean explain;

    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "<format>",
            description = "With --explain: human or json (default: human).")
    ExplainOutput.Format output;

    public InspectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (output != null && !explain) {
            throw Usage.of(spec).error("--output applies to --explain only: add --explain, or drop --output to see the configuration");
        }
        Inspection inspection = new Inspection(root.global.paths());
        if (explain) {
            ctx.out().print(ExplainOutput.render(inspection.explain(ctx.env()), output == null ? ExplainOutput.Format.human : output));
        } else {
            Map<String, Object> shown = inspection.configuration(showSecrets);
            ctx.out().print(YamlCodec.dump(shown));
        }
        ctx.out().flush();
        return ExitCode.OK.code();
    }
}
