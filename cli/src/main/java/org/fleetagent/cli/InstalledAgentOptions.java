package org.fleetagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetagent.install.InstallJournal;
import org.fleetagent.install.InstallLayout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Which installed agent a command works on ({@code uninstall}, {@code privileged}, {@code unprivileged}). */
public final class InstalledAgentOptions {
    @Option(names = "--base-path", order = 10, paramLabel = "<dir>",
            description = "Where the agent was installed (default: this installed agent, else /opt).")
    String basePath;

    @Option(names = "--namespace", hidden = true, paramLabel = "<ns>")
    String namespace;

    @Option(names = "--develop", hidden = true)
    boolean develop;

    @Option(names = "--system-root", hidden = true, paramLabel = "<dir>", defaultValue = "/")
    Path systemRoot;

    /** The install: the flags when given, else the installed agent this command runs from (as the real one), else /opt. */
    InstallLayout layout(CommandSpec spec) throws IOException {
        if (basePath == null) {
            String dist = System.getProperty("elastic.agent.dist");
            if (dist != null) {
                Path journal = Path.of(dist).resolve(".install-journal.json");
                if (Files.exists(journal)) {
                    return InstallJournal.read(journal).orElseThrow().layout();
                }
            }
        }
        return InstallCommand.layout(spec, basePath == null ? "/opt" : basePath, namespace, develop, systemRoot);
    }
}
