package org.fleetagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elastic-agent version}: this binary's version and the running daemon's, asked over the control socket with
 * a short timeout, as the real command ({@code internal/pkg/basecmd/version/cmd.go}). Without a daemon it still
 * prints the binary's version, then fails with exit 1 unless {@code --binary-only} was given.
 */
@Command(name = "version", customSynopsis = "elastic-agent version [--binary-only] [--yaml]", description = "Display the version of the elastic-agent.")
public final class VersionCommand extends AgentSubcommand {
    @Option(names = "--binary-only", description = "Version of current binary only.")
    boolean binaryOnly;

    @Option(names = "--yaml", description = "Output information in YAML format.")
    boolean yaml;

    @Override
    protected Integer run() {
        if (root.global.debug) {
            ctx.err().println("home: " + root.global.paths().top());
        }
        return VersionReport.print(ctx.out(), ctx.err(), root.global.paths().socket(), binaryOnly, yaml);
    }
}
