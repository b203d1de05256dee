package org.fleetagent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/compatibility.md} as data: its {@code ## } sections, each naming in backticks the commands it is about
 * ({@code elastic-agent} is the root; "Global flags", "Environment variables" and "Subcommands" are special), and
 * the rows of their tables, whose first cell names flags, variables or commands in backticks and whose last cell
 * is the verdict.
 */
record CompatibilityTable(List<Section> sections) {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    enum Verdict { SAME, DIFFERENT, MISSING, OURS_ONLY }

    enum Kind { COMMANDS, GLOBAL, ENVIRONMENT, SUBCOMMANDS }

    record Section(String heading, Kind kind, List<String> commands, List<Row> rows) {
        boolean global() {
            return kind == Kind.GLOBAL;
        }

        Set<String> flags() {
            Set<String> out = new TreeSet<>();
            rows.forEach(r -> out.addAll(r.flags()));
            return out;
        }
    }

    record Row(Section section, List<String> cells) {
        /** The verdict of the last cell, by its first words; null when it has none of them. */
        Verdict verdict() {
            String v = cells.getLast().strip().toLowerCase(Locale.ROOT);
            if (v.startsWith("same")) {
                return Verdict.SAME;
            } else if (v.startsWith("different")) {
                return Verdict.DIFFERENT;
            } else if (v.startsWith("missing")) {
                return Verdict.MISSING;
            } else if (v.startsWith("ours only")) {
                return Verdict.OURS_ONLY;
            }
            return null;
        }

        /** The flags of the first cell: each word of a code span that starts with a dash, without any {@code =value}. */
        List<String> flags() {
            List<String> out = new ArrayList<>();
            for (String span : code(cells.getFirst())) {
                for (String word : span.split("[\\s,/]+")) {
                    if (word.startsWith("-") && word.length() > 1) {
                        out.add(word.replaceAll("[=\\[].*$", ""));
                    }
                }
            }
            return out;
        }

        /** The upper-case variable names of the first cell. */
        List<String> variables() {
            return code(cells.getFirst()).stream().flatMap(s -> Arrays.stream(s.split("[\\s,/]+")))
                    .map(w -> w.replaceAll("=.*$", "")).filter(w -> w.matches("[A-Z][A-Z0-9]*_[A-Z0-9_]*")).toList();
        }

        /** The command paths of the first cell (in the subcommand table). */
        List<String> commands() {
            return code(cells.getFirst()).stream().map(s -> s.replaceAll("\\s*[\\[<].*$", "").strip()).toList();
        }
    }

    static CompatibilityTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                current = section(line.substring(3).strip());
                sections.add(current);
            } else if (current != null && line.startsWith("|") && !line.startsWith("|---")
                    && !(i + 1 < lines.size() && lines.get(i + 1).startsWith("|---"))) {
                current.rows().add(new Row(current, cells(line)));
            }
        }
        return new CompatibilityTable(sections);
    }

    private static Section section(String heading) {
        String lower = heading.toLowerCase(Locale.ROOT);
        Kind kind = lower.startsWith("global") ? Kind.GLOBAL
                : lower.startsWith("environment") ? Kind.ENVIRONMENT
                : lower.startsWith("subcommands") ? Kind.SUBCOMMANDS : Kind.COMMANDS;
        List<String> commands = kind == Kind.COMMANDS
                ? code(heading).stream().map(c -> c.equals("elastic-agent") ? "" : c).toList() : List.of();
        return new Section(heading, kind, commands, new ArrayList<>());
    }

    /** The cells of a table row, split on pipes outside code spans. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean code = false;
        for (char c : line.strip().substring(1).toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return out;
    }

    private static List<String> code(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    List<Row> rows() {
        return sections.stream().flatMap(s -> s.rows().stream()).toList();
    }

    List<Section> sectionsOf(String command) {
        return sections.stream().filter(s -> s.commands().contains(command)).toList();
    }

    Set<String> globalFlags() {
        Set<String> out = new TreeSet<>();
        sections.stream().filter(Section::global).forEach(s -> out.addAll(s.flags()));
        return out;
    }

    List<Row> subcommandRows() {
        return sections.stream().filter(s -> s.kind() == Kind.SUBCOMMANDS).flatMap(s -> s.rows().stream()).toList();
    }

    /** Every variable of the environment tables with its row's verdict. */
    Map<String, Verdict> variables() {
        Map<String, Verdict> out = new LinkedHashMap<>();
        sections.stream().filter(s -> s.kind() == Kind.ENVIRONMENT).flatMap(s -> s.rows().stream())
                .forEach(r -> r.variables().forEach(v -> out.put(v, r.verdict())));
        return out;
    }
}
