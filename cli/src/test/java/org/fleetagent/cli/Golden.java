package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files: outputs users script against, kept under {@code src/test/resources/golden/}. A mismatch fails with a
 * line diff; {@code -Dgolden.update=true} or {@code GOLDEN_UPDATE=1} rewrites the files from what the code prints.
 */
final class Golden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    static boolean updating() {
        return Boolean.getBoolean("golden.update") || "1".equals(System.getenv("GOLDEN_UPDATE"));
    }

    /** Fails unless {@code actual} is the content of golden file {@code name}, showing the lines that differ. */
    static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (updating()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("no golden file " + file + ": run with -Dgolden.update=true (or GOLDEN_UPDATE=1) to write it from:\n" + actual);
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail("output differs from " + file + " (- golden, + now; -Dgolden.update=true accepts it):\n" + diff(expected, actual));
            }
        } catch (IOException e) {
            throw new IllegalStateException("golden file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A plain line diff: the common head and tail are skipped, the differing middle shown as - and + lines. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        StringBuilder out = new StringBuilder("@@ line " + (head + 1) + " @@\n");
        a.subList(head, a.size() - tail).forEach(l -> out.append("- ").append(l).append('\n'));
        b.subList(head, b.size() - tail).forEach(l -> out.append("+ ").append(l).append('\n'));
        if (a.size() == b.size() && head == a.size()) {
            out.append("(only line endings or the final newline differ)\n");
        }
        return out.toString();
    }
}
