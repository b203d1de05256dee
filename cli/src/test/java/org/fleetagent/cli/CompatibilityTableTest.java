package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps {@code docs/compatibility.md} true to the code: every option of every command of our picocli model (hidden
 * ones too) has a row, every row called same/different/ours only names an option or command that exists and every
 * row called missing one that does not; the same for the environment variables our sources read. A failure lists
 * the names to add or correct, so a contributor adding a flag or a variable knows which row to write.
 */
class CompatibilityTableTest {
    private static final Path TABLE = Path.of("..", "docs", "compatibility.md");

    /** Upper-case string literals in the sources that are not environment variables, with what they are. */
    private static final Map<String, String> NOT_ENVIRONMENT = Map.ofEntries(
            Map.entry("ACTION_RESULT", "a Fleet event type"),
            Map.entry("POLICY_CHANGE", "a Fleet action type"),
            Map.entry("UPG_DOWNLOADING", "an upgrade state"),
            Map.entry("ID_LIKE", "an os-release key"),
            Map.entry("PRETTY_NAME", "an os-release key"),
            Map.entry("VERSION_ID", "an os-release key"),
            Map.entry("SERVICE_TOKEN", "a name fragment scrubbed from a child's environment"),
            Map.entry("ELASTIC_AGENT_", "a name prefix the lint checks"),
            Map.entry("INPUT_ACTION", "a Fleet action type"),
            Map.entry("POLICY_REASSIGN", "a Fleet action type"),
            Map.entry("PRIVILEGE_LEVEL_CHANGE", "a Fleet action type"),
            Map.entry("REQUEST_DIAGNOSTICS", "a Fleet action type"));

    private static final CompatibilityTable DOC = CompatibilityTable.read(TABLE);
    private static final CommandLine MODEL = Cli.create(new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            Map.of(), false));

    @Test
    void everyRowHasAKnownVerdict() {
        List<String> bad = DOC.rows().stream().filter(r -> r.verdict() == null)
                .map(r -> r.section().heading() + ": " + r.cells().getFirst() + " -> " + r.cells().getLast()).toList();
        assertEquals(List.of(), bad, "a verdict starts with same, different, missing or ours only");
    }

    @Test
    void everyCommandOfOursHasASectionAndARowInTheSubcommandTable() {
        Set<String> unlisted = new TreeSet<>();
        Set<String> listed = DOC.subcommandRows().stream().flatMap(r -> r.commands().stream()).collect(java.util.stream.Collectors.toSet());
        commands().forEach((path, cl) -> {
            if (!path.isEmpty() && DOC.sectionsOf(path).isEmpty()) {
                unlisted.add("no section '## `" + path + "`'");
            }
            if (!path.isEmpty() && !listed.contains(path)) {
                unlisted.add("no row for `" + path + "` in the subcommand table");
            }
        });
        assertEquals(Set.of(), unlisted, "add these to docs/compatibility.md");
    }

    @Test
    void everyOptionOfOursHasARow() {
        Map<String, Set<String>> unlisted = new TreeMap<>();
        commands().forEach((path, cl) -> {
            Set<String> documented = new TreeSet<>(DOC.globalFlags());
            DOC.sectionsOf(path).forEach(s -> documented.addAll(s.flags()));
            for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                for (String name : o.names()) {
                    if (!documented.contains(name)) {
                        unlisted.computeIfAbsent(path.isEmpty() ? "elastic-agent" : path, k -> new TreeSet<>()).add(name);
                    }
                }
            }
        });
        assertEquals(Map.of(), unlisted, "options without a row in their command's section (or the global one) of docs/compatibility.md");
    }

    @Test
    void everyFlagARowNamesIsThereUnlessTheRowSaysMissing() {
        Map<String, CommandLine> commands = commands();
        List<String> wrong = new ArrayList<>();
        for (CompatibilityTable.Row row : DOC.rows()) {
            if (row.verdict() == null || row.flags().isEmpty()) {
                continue;
            }
            List<String> paths = row.section().global() ? List.of("") : row.section().commands();
            for (String path : paths) {
                CommandLine cl = commands.get(path);
                for (String flag : row.flags()) {
                    boolean ours = cl != null && cl.getCommandSpec().findOption(flag) != null
                            && List.of(cl.getCommandSpec().findOption(flag).names()).contains(flag);
                    if (ours == (row.verdict() == CompatibilityTable.Verdict.MISSING)) {
                        wrong.add((path.isEmpty() ? "elastic-agent" : path) + " " + flag + ": the row says " + row.verdict()
                                + (ours ? " but the flag exists" : " but there is no such flag"));
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everySubcommandARowNamesIsThereUnlessTheRowSaysMissing() {
        Map<String, CommandLine> commands = commands();
        List<String> wrong = new ArrayList<>();
        for (CompatibilityTable.Row row : DOC.subcommandRows()) {
            for (String path : row.commands()) {
                boolean ours = commands.containsKey(path);
                if (ours == (row.verdict() == CompatibilityTable.Verdict.MISSING)) {
                    wrong.add(path + ": the row says " + row.verdict() + (ours ? " but we have it" : " but we do not have it"));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyEnvironmentVariableWeReadHasARowAndEveryRowIsTrue() {
        Set<String> read = variablesRead();
        Map<String, CompatibilityTable.Verdict> rows = DOC.variables();
        Set<String> unlisted = new TreeSet<>(read);
        unlisted.removeAll(rows.keySet());
        assertEquals(Set.of(), unlisted, "variables our code reads without a row in the environment table of docs/compatibility.md"
                + " (not a variable? add it to NOT_ENVIRONMENT here)");
        List<String> wrong = new ArrayList<>();
        rows.forEach((name, verdict) -> {
            if (read.contains(name) == (verdict == CompatibilityTable.Verdict.MISSING)) {
                wrong.add(name + ": the row says " + verdict + (read.contains(name) ? " but the code reads it" : " but no code reads it"));
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theTableIsNotEmpty() {
        // the checks above pass vacuously on a table the parser cannot read
        assertTrue(DOC.rows().size() > 150, "rows read: " + DOC.rows().size());
        assertTrue(DOC.variables().size() > 70, "variables read: " + DOC.variables().size());
        assertTrue(DOC.globalFlags().contains("--path.home"), "global flags read: " + DOC.globalFlags());
    }

    /** Every command of the model by its path ("" for the root, "inspect components" for a nested one). */
    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> out = new TreeMap<>();
        collect("", MODEL, out);
        return out;
    }

    private static void collect(String path, CommandLine cl, Map<String, CommandLine> out) {
        out.put(path, cl);
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                collect(path.isEmpty() ? name : path + " " + name, sub, out);
            }
        });
    }

    /** Upper-case names our Java sources quote (the lint's own list aside) and the launcher script expands. */
    private static Set<String> variablesRead() {
        Set<String> names = new TreeSet<>();
        Pattern literal = Pattern.compile("\"([A-Z][A-Z0-9]*_[A-Z0-9_]*)\"");
        for (Path root : List.of(Path.of("src", "main", "java"), Path.of("..", "agent-core", "src", "main", "java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("EnvLint.java")).forEach(f -> scan(f, literal, names));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        scan(Path.of("..", "packaging", "src", "dist", "elastic-agent"), Pattern.compile("\\$\\{?([A-Z][A-Z0-9]*_[A-Z0-9_]*)"), names);
        names.removeAll(NOT_ENVIRONMENT.keySet());
        return names;
    }

    private static void scan(Path file, Pattern p, Set<String> into) {
        try {
            Matcher m = p.matcher(Files.readString(file));
            while (m.find()) {
                into.add(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
