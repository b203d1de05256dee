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
@Command(name = "inspect", customSynopsis = "elastic-agent inspect [--show-secrets]",
        description = "Show the current configuration of the Elastic Agent (fleet.enc decrypted; secrets redacted).")
public final class InspectCommand implements Callable<Integer> {
    private final CliContext ctx;

    @ParentCommand
    RootCommand root;

    @Option(names = "--show-secrets", description = "Print API keys and token hashes instead of <REDACTED>.")
    boolean showSecrets;

    public InspectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Map<String, Object> shown = new Inspection(root.global.paths()).configuration(showSecrets);
        ctx.out().print(YamlCodec.dump(shown));
        ctx.out().flush();
        return ExitCode.OK.code();
    }
}
