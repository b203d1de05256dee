package org.fleetagent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fleetagent.config.Redaction;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfigStore;
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
        AgentPaths paths = root.global.paths();
        Map<String, Object> doc = new FleetConfigStore(paths).load();
        if (doc.isEmpty()) {
            throw new AgentException(ExitCode.FAILURE, "this agent is not enrolled: no configuration in " + paths.fleetEnc()
                    + "; run elastic-agent enroll first");
        }
        Map<String, Object> shown = showSecrets ? new LinkedHashMap<>(doc) : Redaction.redact(doc);
        ctx.out().print(YamlCodec.dump(shown));
        ctx.out().flush();
        return ExitCode.OK.code();
    }
}
