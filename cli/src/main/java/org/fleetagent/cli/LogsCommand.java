package org.fleetagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.logging.LogFiles;
import org.fleetagent.logging.LogLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elastic-agent logs}: the last lines of the agent's log files (and its event logs), then, with
 * {@code -f}, what it writes next, as the real command (same flags and defaults, exit 1 on failure).
 */
@Command(name = "logs", customSynopsis = "elastic-agent logs [-f] [-n <lines>] [-C <component-id>] [--exclude-events] [--no-color]",
        description = "Output Elastic Agent logs: the last lines of its log files, then, with --follow, what it writes next.")
public final class LogsCommand extends AgentSubcommand {
    /** How often a followed directory is looked at, as the real command's watch interval. */
    private static final long WATCH_MILLIS = 500;

    @Option(names = {"-f", "--follow"}, order = 1,
            description = "Do not stop at the end of the logs: keep printing what the agent writes, until interrupted.")
    boolean follow;

    @Option(names = {"-n", "--number"}, order = 2, defaultValue = "10", paramLabel = "<lines>",
            description = "Maximum number of lines at the end of the logs to output (default: ${DEFAULT-VALUE}).")
    int number;

    @Option(names = {"-C", "--component"}, order = 3, paramLabel = "<id>",
            description = "Only the lines of the component with this ID (as 'status --output full' shows it).")
    String component;

    @Option(names = "--exclude-events", order = 4, description = "Leave out the event log files (logs/events).")
    boolean excludeEvents;

    @Option(names = "--no-color", order = 5, description = "Do not colour lines by log level (never coloured when not a terminal).")
    boolean noColor;

    @Override
    protected Integer run() throws InterruptedException {
        Path logs = root.global.paths().logs();
        if (!Files.isDirectory(logs)) {
            throw new AgentException(ExitCode.FAILURE, "no logs at " + logs + ": the agent has not run with this home yet,"
                    + " or it logs elsewhere (give the same --path.home/--path.logs as the agent; with -e it logs to stderr)");
        }
        List<Path> dirs = new ArrayList<>(List.of(logs));
        if (!excludeEvents) {
            dirs.add(logs.resolve("events"));
        }
        Predicate<String> keep = component == null || component.isEmpty() ? line -> true : LogLines.ofComponent(component);
        boolean color = !noColor && ctx.interactive() && !ctx.env().containsKey("NO_COLOR") && !"dumb".equals(ctx.env().get("TERM"));
        Consumer<String> print = line -> ctx.out().println(color ? LogLines.colored(line) : line);
        try {
            List<LogFiles.Follower> followers = new ArrayList<>();
            for (Path dir : dirs) {
                if (follow) {
                    followers.add(new LogFiles.Follower(dir)); // taken before reading so that no line falls between
                }
                if (Files.isDirectory(dir)) {
                    LogFiles.last(LogFiles.list(dir), number, keep).forEach(print);
                }
            }
            ctx.out().flush();
            while (follow) {
                Thread.sleep(WATCH_MILLIS);
                for (LogFiles.Follower f : followers) {
                    f.poll(line -> {
                        if (keep.test(line)) {
                            print.accept(line);
                        }
                    });
                }
                ctx.out().flush();
            }
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read the logs in " + logs + ": " + e.getMessage(), e);
        }
        return ExitCode.OK.code();
    }
}
