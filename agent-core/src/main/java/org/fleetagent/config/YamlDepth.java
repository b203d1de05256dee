package org.fleetagent.config;

import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Refuses YAML nested deeper than the parser can take: snakeyaml-engine recurses once per level and has no limit of
 * its own, so a few kilobytes of brackets overflow the launcher's small thread stack. The count is a cautious upper
 * bound (flow brackets outside quotes and comments, block indentation levels, compact "- ", "? " and ": " indicators); no settings file
 * comes near it.
 */
final class YamlDepth {
    /** Deeper than any configuration the agent or Fleet writes (about ten levels), far below the parser's breaking point. */
    static final int MAX = 100;

    private YamlDepth() {
    }

    /** @throws YamlEngineException naming the line where the document first goes deeper than {@link #MAX} */
    static void check(String text) {
        int[] indents = new int[MAX + 2];
        int blocks = 0;
        int flow = 0;
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int indent = 0;
            while (i < n && text.charAt(i) == ' ') {
                indent++;
                i++;
            }
            int dashes = 0;
            // compact nesting on one line: "- " opens a sequence, "? " an explicit key, ": " its value
            while (i + 1 < n && "-?:".indexOf(text.charAt(i)) >= 0 && (text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t')) {
                dashes++;
                i += 2;
                while (i < n && text.charAt(i) == ' ') {
                    i++;
                }
            }
            boolean content = i < n && text.charAt(i) != '\n' && text.charAt(i) != '#' && text.charAt(i) != '\r';
            if (content && flow == 0) {
                while (blocks > 0 && indents[blocks - 1] >= indent) {
                    blocks--;
                }
                indents[blocks++] = indent;
            }
            // the rest of the line: flow brackets outside quoted scalars and comments
            char quote = 0;
            char prev = ' ';
            for (; i < n && text.charAt(i) != '\n'; i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && quote == '"') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '#' && (prev == ' ' || prev == '\t')) {
                    while (i + 1 < n && text.charAt(i + 1) != '\n') {
                        i++;
                    }
                } else if ((c == '"' || c == '\'') && " \t[{,:".indexOf(prev) >= 0) {
                    quote = c;
                } else if (c == '[' || c == '{') {
                    flow++;
                } else if ((c == ']' || c == '}') && flow > 0) {
                    flow--;
                }
                prev = c;
                if (blocks + dashes + flow > MAX) {
                    throw new YamlEngineException("it nests collections deeper than " + MAX + " levels (at line " + line + ")");
                }
            }
            if (blocks + dashes + flow > MAX) {
                throw new YamlEngineException("it nests collections deeper than " + MAX + " levels (at line " + line + ")");
            }
            i++;
            line++;
        }
    }
}
