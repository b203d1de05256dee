package org.fleetagent.cli;

import java.util.concurrent.Callable;
import org.fleetagent.version.AgentVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

/** {@code elastic-agent version}: the binary's version; {@code --binary-only} as the real command. */
@Command(name = "version", customSynopsis = "elastic-agent version [--binary-only] [--yaml]", description = "Display the version of the elastic-agent.")
public final class VersionCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    IgnoredArguments ignored;

    @ParentCommand
    RootCommand root;

    @Option(names = "--binary-only", description = "Version of current binary only.")
    boolean binaryOnly;

    @Option(names = "--yaml", description = "Format the output as YAML.")
    boolean yaml;

    public VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ignored.warn(ctx.err(), "version");
        AgentVersion v = AgentVersion.current();
        if (root.global.debug) {
            ctx.err().println("home: " + root.global.paths().top());
        }
        if (yaml) {
            ctx.out().println("binary:");
            ctx.out().println("  version: " + v.version());
            ctx.out().println("  commit: " + v.commit());
            ctx.out().println("  snapshot: " + v.snapshot());
        } else {
            ctx.out().println("Binary: " + v.version() + " (build: " + v.commit() + ")");
        }
        ctx.out().flush();
        return 0;
    }
}
