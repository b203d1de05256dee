package org.fleetagent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.fleetagent.errors.AgentException;

/**
 * The answers that need no command model: a command's {@code --help}, rendered at build time from the same model
 * into the distribution's {@code lib/help/} (packaging's GenerateDocs), and the plain {@code version} forms.
 * Building picocli's model reads every option's annotations through reflection proxies, which the JDK's AOT cache
 * cannot keep; it is most of a short command's start (docs/performance.md). Every other form goes to picocli.
 */
final class QuickAnswers {
    /** Where the distribution keeps the rendered help, one file per command: {@code <command>.txt}. */
    static final String HELP_DIR = "lib/help";
    /** The file of the root command's help. */
    static final String ROOT_HELP = "elastic-agent.txt";

    private static final Pattern COMMAND_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> VERSION_FLAGS = Set.of("--binary-only", "--yaml");

    private QuickAnswers() {
    }

    /** The exit status when {@code args} were answered here, empty when picocli must parse them. */
    static OptionalInt answer(String[] args, String dist, PrintWriter out, PrintWriter err) {
        if (args.length == 0 || args.length > 3) {
            return OptionalInt.empty();
        }
        if (isHelpFlag(args[args.length - 1])) {
            if (dist == null) {
                return OptionalInt.empty();
            }
            if (args.length == 1) {
                return help(Path.of(dist, HELP_DIR, ROOT_HELP), out);
            }
            if (args.length == 2 && COMMAND_NAME.matcher(args[0]).matches()) {
                return help(Path.of(dist, HELP_DIR, args[0] + ".txt"), out);
            }
            return OptionalInt.empty();
        }
        return args[0].equals("version") ? version(args, out, err) : OptionalInt.empty();
    }

    private static boolean isHelpFlag(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static OptionalInt help(Path rendered, PrintWriter out) {
        try {
            out.print(Files.readString(rendered, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalInt.empty(); // not a command we know (picocli says so), or a build without rendered help
        }
        out.flush();
        return OptionalInt.of(0);
    }

    /** {@code version} with nothing but its own flags, each at most once; global flags go through picocli. */
    private static OptionalInt version(String[] args, PrintWriter out, PrintWriter err) {
        Set<String> flags = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            if (!VERSION_FLAGS.contains(args[i]) || !flags.add(args[i])) {
                return OptionalInt.empty();
            }
        }
        try {
            return OptionalInt.of(VersionReport.print(out, err, new GlobalOptions().paths().socket(),
                    flags.contains("--binary-only"), flags.contains("--yaml")));
        } catch (AgentException e) {
            err.println("Error: " + Cli.oneLine(e.getMessage()));
            err.flush();
            return OptionalInt.of(e.exitCode().code());
        }
    }
}
