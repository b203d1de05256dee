package org.fleetagent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.version.AgentVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

/** {@code elastic-agent version}: the binary's version; {@code --binary-only} as the real command. */
@Command(name = "version", customSynopsis = "elastic-agent version [--binary-only] [--yaml]", description = "Display the version of the elastic-agent.")
public final class VersionCommand implements Callable<Integer> {
    private final CliContext ctx;

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
        AgentVersion v = AgentVersion.current();
        if (root.global.debug) {
            ctx.err().println("home: " + root.global.paths().top());
        }
        if (yaml) {
            // in the real command's field order; through the one YAML writer, so a commit of digits stays a string
            Map<String, Object> binary = new LinkedHashMap<>();
            binary.put("version", v.version());
            binary.put("commit", v.commit());
            binary.put("snapshot", v.snapshot());
            ctx.out().print(YamlCodec.dumpInOrder(Map.of("binary", binary)));
        } else {
            ctx.out().println("Binary: " + v.version() + " (build: " + v.commit() + ")");
        }
        ctx.out().flush();
        return 0;
    }
}
