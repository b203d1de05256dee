package org.fleetagent.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.fleetagent.diagnostics.DiagnosticsBundle;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.version.AgentVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elastic-agent diagnostics}: a zip of the agent's state, redacted configuration, logs, versions and host
 * facts, named and laid out as the real command's. Unlike the real one it also writes the archive when no daemon
 * answers (what is on disk, with a warning), since that is when it is needed most.
 */
@Command(name = "diagnostics", customSynopsis = "elastic-agent diagnostics [-f <file>] [--exclude-events]",
        description = "Gather diagnostics information from the Elastic Agent and write it to a zip archive (secrets redacted).")
public final class DiagnosticsCommand extends AgentSubcommand {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = {"-f", "--file"}, order = 1, paramLabel = "<file>",
            description = "Name of the output diagnostics zip archive (default: elastic-agent-diagnostics-<UTC time>.zip here).")
    Path file;

    @Option(names = {"-p", "--cpu-profile"}, order = 2,
            description = "Accepted for compatibility; this agent has no Go CPU profile to add (a warning says so).")
    boolean cpuProfile;

    @Option(names = "--exclude-events", order = 3, description = "Leave the event log files (logs/events) out of the archive.")
    boolean excludeEvents;

    @Override
    protected Integer run() {
        if (cpuProfile) {
            ctx.err().println("Warning: --cpu-profile ignored: this agent is not a Go program and has no CPU profile to add");
        }
        Path target = (file != null ? file : Path.of("elastic-agent-diagnostics-" + STAMP.format(Instant.now()) + ".zip"))
                .toAbsolutePath().normalize();
        new DiagnosticsBundle(root.global.paths(), AgentVersion.current())
                .write(target, excludeEvents, w -> ctx.err().println("Warning: " + Cli.oneLine(w)));
        ctx.out().println("Created diagnostics archive \"" + (file != null ? file : target.getFileName()) + "\"");
        ctx.out().println("Secrets are redacted in it (" + org.fleetagent.config.Redaction.REDACTED + "); review it before sharing.");
        ctx.out().flush();
        ctx.err().flush();
        return ExitCode.OK.code();
    }
}
