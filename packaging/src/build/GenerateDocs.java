import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fleetagent.cli.Cli;
import org.fleetagent.cli.CliContext;
import org.fleetagent.cli.CompletionCommand;
import org.fleetagent.cli.HelpPages;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Build step: writes the shell completion scripts and one man page per command, from the picocli model of the
 * distribution's own command line, into the unpacked distribution:
 *   completion/elastic-agent.bash, completion/_elastic-agent (zsh), man/man1/elastic-agent[-COMMAND].1,
 *   lib/help/COMMAND.txt (each command's --help, printed from there by the launcher)
 * Run with the distribution's libraries on the class path: java -cp 'DIST/lib/*' GenerateDocs.java DIST VERSION
 */
public final class GenerateDocs {
    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args[0]);
        String version = args[1];
        StringWriter sink = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(sink), new PrintWriter(sink), Map.of(), false);
        CommandLine root = Cli.create(ctx);
        Path completion = Files.createDirectories(dist.resolve("completion"));
        Files.writeString(completion.resolve("elastic-agent.bash"), CompletionCommand.script(CompletionCommand.Shell.bash, root));
        Files.writeString(completion.resolve("_elastic-agent"), CompletionCommand.script(CompletionCommand.Shell.zsh, root));
        Path man1 = Files.createDirectories(dist.resolve("man/man1"));
        write(man1, root, root.getCommandName(), version);
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
                write(man1, e.getValue(), root.getCommandName() + "-" + e.getKey(), version);
            }
        }
        HelpPages.write(dist);
    }

    private static void write(Path dir, CommandLine cl, String page, String version) throws Exception {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder b = new StringBuilder();
        b.append(".TH ").append(page.toUpperCase()).append(" 1 \"\" \"elastic-agent ").append(version)
                .append("\" \"Elastic Agent Manual\"\n");
        b.append(".SH NAME\n").append(roff(page)).append(" \\- ").append(roff(first(spec.usageMessage().description()))).append('\n');
        b.append(".SH SYNOPSIS\n");
        String[] synopsis = spec.usageMessage().customSynopsis();
        b.append(".B ").append(roff(synopsis.length > 0 ? String.join(" ", synopsis)
                : spec.qualifiedName() + (spec.subcommands().isEmpty() ? " [OPTIONS]" : " COMMAND [OPTIONS]"))).append('\n');
        b.append(".SH DESCRIPTION\n");
        for (String line : HelpPages.lines(spec.usageMessage().description())) {
            b.append(line.isEmpty() ? ".PP\n" : roff(line) + "\n");
        }
        if (!spec.subcommands().isEmpty()) {
            b.append(".SH COMMANDS\n");
            spec.subcommands().forEach((name, sub) -> {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    b.append(".TP\n.B ").append(roff(name)).append('\n')
                            .append(roff(first(sub.getCommandSpec().usageMessage().description()))).append('\n');
                }
            });
        }
        b.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            b.append(".TP\n.B ").append(roff(String.join(", ", o.names())));
            if (o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class) {
                b.append(" \\fI").append(roff(o.paramLabel())).append("\\fR");
            }
            String d = String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
            b.append('\n').append(roff(d)).append('\n');
        }
        if (spec.parent() != null) {
            b.append(".SH SEE ALSO\n.BR elastic-agent (1)\n");
        }
        Files.writeString(dir.resolve(page + ".1"), b.toString(), StandardCharsets.UTF_8);
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /** Backslashes and hyphens escaped; a leading dot or quote would be read as a request. */
    private static String roff(String s) {
        String r = s.replace("\\", "\\e").replace("-", "\\-");
        return r.startsWith(".") || r.startsWith("'") ? "\\&" + r : r;
    }
}
