package org.fleetagent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Renders every command's {@code --help} at build time into {@code <dist>/lib/help/}, where {@link QuickAnswers}
 * prints it from: the same text picocli prints, made by running {@code <command> --help} through {@link Cli}.
 */
public final class HelpPages {
    private HelpPages() {
    }

    /** Writes {@code elastic-agent.txt} and one {@code <command>.txt} per subcommand name and alias. */
    public static void write(Path dist) throws IOException {
        Path dir = Files.createDirectories(dist.resolve(QuickAnswers.HELP_DIR));
        Files.writeString(dir.resolve(QuickAnswers.ROOT_HELP), render("--help"), StandardCharsets.UTF_8);
        for (String name : Cli.create(context(new StringWriter())).getSubcommands().keySet()) {
            Files.writeString(dir.resolve(name + ".txt"), render(name, "--help"), StandardCharsets.UTF_8);
        }
    }

    /** A description's lines: the commands write theirs as text blocks, so one element may hold several lines. */
    public static List<String> lines(String... description) {
        List<String> lines = new ArrayList<>();
        for (String text : description) {
            lines.addAll(Arrays.asList(text.split("\n", -1)));
        }
        return lines;
    }

    private static String render(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(context(out, err), args).execute(args);
        if (code != 0 || !err.toString().isEmpty()) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + code + ": " + err);
        }
        return out.toString();
    }

    private static CliContext context(StringWriter sink) {
        return context(sink, sink);
    }

    private static CliContext context(StringWriter out, StringWriter err) {
        return new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), false);
    }
}
