package org.fleetagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code elastic-agent version}: this binary's version and the running daemon's, asked over the control socket with
 * a short timeout, as the real command ({@code internal/pkg/basecmd/version/cmd.go}). Without a daemon it still
 * prints the binary's version, then fails with exit 1 unless {@code --binary-only} was given.
 */
@Command(name = "version", customSynopsis = "elastic-agent version [--binary-only] [--yaml]", description = "Display the version of the elastic-agent.")
public final class VersionCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    IgnoredArguments ignored;

    @ParentCommand
    RootCommand root;

    @Option(names = "--binary-only", description = "Version of current binary only.")
    boolean binaryOnly;

    @Option(names = "--yaml", description = "Output information in YAML format.")
    boolean yaml;

    public VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ignored.warn(ctx.err(), "version");
        if (root.global.debug) {
            ctx.err().println("home: " + root.global.paths().top());
        }
        return VersionReport.print(ctx.out(), ctx.err(), root.global.paths().socket(), binaryOnly, yaml);
    }
}
