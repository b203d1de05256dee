package org.fleetagent.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A native zsh completion script ({@code _arguments}) made from the picocli model: the subcommands with their
 * descriptions, each one's visible options (files completed for path-valued ones, enum values listed). Works both
 * from a directory of {@code $fpath} (autoloaded as {@code _elastic-agent}) and sourced.
 */
final class ZshCompletion {
    private ZshCompletion() {
    }

    static String script(CommandLine root) {
        return script(root, true);
    }

    /** Without {@code descriptions}: bare command names and options, as cobra's {@code --no-descriptions}. */
    static String script(CommandLine root, boolean descriptions) {
        String name = root.getCommandName();
        String fn = "_" + name.replace('-', '_');
        StringBuilder b = new StringBuilder();
        b.append("#compdef ").append(name).append('\n');
        b.append("# zsh completion for ").append(name).append(", generated from its command model.\n\n");
        b.append(fn).append("() {\n");
        b.append("  local -a commands\n  commands=(\n");
        root.getSubcommands().forEach((sub, cl) -> {
            if (!cl.getCommandSpec().usageMessage().hidden()) {
                b.append("    ").append(quote(descriptions ? sub + ":" + firstLine(cl) : sub)).append('\n');
            }
        });
        b.append("  )\n");
        b.append("  if (( CURRENT == 2 )); then\n    _describe -t commands 'command' commands\n    return\n  fi\n");
        b.append("  case $words[2] in\n");
        root.getSubcommands().forEach((sub, cl) -> {
            b.append("    ").append(sub).append(")\n      _arguments -s \\\n");
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!o.hidden()) {
                    for (String n : o.names()) {
                        b.append("        ").append(argument(n, o, descriptions)).append(" \\\n");
                    }
                }
            }
            if (!cl.getCommandSpec().positionalParameters().isEmpty()) {
                var p = cl.getCommandSpec().positionalParameters().get(0);
                b.append("        ").append(quote("1:" + p.paramLabel() + ":" + values(p.type(), p.completionCandidates())))
                        .append(" \\\n");
            }
            b.append("        '*::'\n      ;;\n");
        });
        b.append("  esac\n}\n\n");
        b.append("if [ \"$funcstack[1]\" = \"").append(fn).append("\" ]; then\n  ").append(fn).append(" \"$@\"\nelse\n  compdef ")
                .append(fn).append(' ').append(name).append("\nfi\n");
        return b.toString();
    }

    private static String argument(String optionName, OptionSpec o, boolean descriptions) {
        String desc = o.description().length == 0 ? "" : o.description()[0];
        String spec = descriptions ? optionName + "[" + escape(desc) + "]" : optionName;
        if (o.arity().max() > 0 && !isBoolean(o.type())) {
            spec = optionName + "=" + spec.substring(optionName.length()) + ":" + escape(o.paramLabel()) + ":"
                    + values(o.type(), o.completionCandidates());
        }
        return (o.isMultiValue() ? "'*'" : "") + quote(spec);
    }

    private static String values(Class<?> type, Iterable<String> candidates) {
        if (Path.class.isAssignableFrom(type) || java.io.File.class.isAssignableFrom(type)) {
            return "_files";
        }
        if (candidates != null && candidates.iterator().hasNext()) {
            StringBuilder b = new StringBuilder("(");
            candidates.forEach(c -> b.append(c).append(' '));
            return b.toString().trim() + ")";
        }
        return "";
    }

    private static boolean isBoolean(Class<?> type) {
        return type == boolean.class || type == Boolean.class;
    }

    private static String firstLine(CommandLine cl) {
        String[] d = cl.getCommandSpec().usageMessage().description();
        return d.length == 0 ? "" : d[0].replace(":", "\\:");
    }

    /** Brackets and colons are _arguments syntax. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
    }

    /** Single-quoted for zsh. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
