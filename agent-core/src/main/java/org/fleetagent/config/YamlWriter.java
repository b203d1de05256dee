package org.fleetagent.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one writer of everything the agent emits as YAML: block style, two-space indent, list dashes at the indent of
 * their key (as the real agent's yaml.v2), no line wrapping. A string is written plain only when every common
 * reader, YAML 1.1 (yaml.v2, SnakeYAML 1.x, PyYAML) and YAML 1.2 (snakeyaml-engine, yaml.v3), reads it back as
 * that same string; anything else is double-quoted, with the characters the two versions read differently (NEL,
 * LS, PS, C0 and C1 controls, DEL, BOM, lone surrogates) escaped, so that both read exactly the string meant.
 */
final class YamlWriter {
    /** Booleans and nulls of YAML 1.1 and 1.2, plus the 1.1 merge and value keys, compared in lower case. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
            "<<", "=", ".inf", "+.inf", "-.inf", ".nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan");
    /**
     * Anything a reader might take for a number: YAML 1.1 binary, octal, hex, sexagesimal, underscores and floats,
     * YAML 1.2 {@code 0o} octal, and Go's hex floats; SnakeYAML 1.x even takes {@code ._} for a float. Deliberately
     * wider than any one reader.
     */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-f_.]*(?:p[-+]?[0-9]+)?"
            + "|[0-9_]*(?::[0-5]?[0-9])*(?:\\.[0-9_]*)?(?:e[-+]?[0-9]+)?)",
            Pattern.CASE_INSENSITIVE);
    /** The start of a YAML 1.1 timestamp; anything that begins like a date is quoted. */
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*", Pattern.DOTALL);

    /** The longest key written in the implicit form (YAML 1.1 and 1.2 allow 1024 characters there). */
    private static final int MAX_IMPLICIT_KEY = 1000;

    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {
    }

    /** The document for {@code root} (a map or a list of maps, lists and scalars), ending with a line break. */
    static String write(Object root) {
        YamlWriter w = new YamlWriter();
        if (root instanceof Map<?, ?> m && !m.isEmpty()) {
            w.map(m, 0);
        } else if (root instanceof List<?> l && !l.isEmpty()) {
            w.list(l, 0);
        } else {
            w.out.append(inline(root)).append('\n');
        }
        return w.out.toString();
    }

    private void map(Map<?, ?> m, int indent) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = scalar(String.valueOf(e.getKey()));
            if (key.length() > MAX_IMPLICIT_KEY) {
                // readers take an implicit key of at most 1024 characters; a longer one needs the explicit "? " form
                pad(indent).append("? ").append(key).append('\n');
                pad(indent).append(':');
            } else {
                pad(indent).append(key).append(':');
            }
            value(e.getValue(), indent + 2, indent);
        }
    }

    private void list(List<?> l, int indent) {
        for (Object item : l) {
            if (item instanceof Map<?, ?> m && !m.isEmpty() || item instanceof List<?> n && !n.isEmpty()) {
                // the first line of a nested block follows the dash; the rest lines up under it
                int start = out.length();
                if (item instanceof Map<?, ?> m) {
                    map(m, indent + 2);
                } else {
                    list((List<?>) item, indent + 2);
                }
                out.replace(start, start + indent + 2, " ".repeat(indent) + "- ");
            } else {
                pad(indent).append('-');
                value(item, indent + 2, indent);
            }
        }
    }

    /** A value after {@code key:} or {@code -}: nested blocks on the next lines, anything else on this line. */
    private void value(Object v, int mapIndent, int listIndent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            map(m, mapIndent);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            list(l, listIndent);
        } else {
            out.append(' ').append(inline(v)).append('\n');
        }
    }

    private StringBuilder pad(int indent) {
        return out.append(" ".repeat(indent));
    }

    private static String inline(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "{}";
            case List<?> l -> "[]";
            case String s -> scalar(s);
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Short s -> s.toString();
            case Byte b -> b.toString();
            case BigInteger b -> b.toString();
            case Double d -> decimal(d);
            case Float f -> decimal(f.doubleValue());
            case BigDecimal b -> b.toString();
            case Character c -> scalar(c.toString());
            case Enum<?> e -> scalar(e.name());
            // what a !!binary scalar read as: written back the same way, not as text it may not be
            case byte[] b -> "!!binary " + java.util.Base64.getEncoder().encodeToString(b);
            default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as YAML");
        };
    }

    private static String decimal(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(d);
    }

    /** A string as a scalar: plain when every reader reads it as this string, else double-quoted. */
    static String scalar(String s) {
        return plainIsSafe(s) ? s : doubleQuoted(s);
    }

    static boolean plainIsSafe(String s) {
        if (s.isEmpty() || !firstIsSafe(s.charAt(0)) || s.endsWith(":") || s.endsWith(" ")
                || s.startsWith("...") || s.contains(": ")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!innerIsSafe(s.charAt(i))) {
                return false;
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return !RESERVED.contains(lower) && !NUMBER.matcher(s).matches() && !DATE.matcher(s).matches();
    }

    /** Letters, digits and punctuation that is no indicator at the start of a plain scalar in either version. */
    private static boolean firstIsSafe(char c) {
        return asciiAlnum(c) || "_./$(<=+^;".indexOf(c) >= 0;
    }

    /** What may follow in a plain scalar: no quote, escape, comment, flow or tag characters, no tab or control. */
    private static boolean innerIsSafe(char c) {
        return asciiAlnum(c) || "_./$()<>=+^;,~@:- ".indexOf(c) >= 0;
    }

    private static boolean asciiAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /**
     * Double-quoted, with escapes that YAML 1.1 and 1.2 readers both decode the same way: the named ones both know,
     * else the two- and four-digit hex escapes (snakeyaml-engine rejects the named NEL, LS and PS escapes).
     */
    static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\0' -> b.append("\\0");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else if (c == '\u2028' || c == '\u2029' || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF') {
                        // line breaks in YAML 1.1 only, a byte-order mark, non-characters: the numeric escape both read
                        b.append(String.format("\\u%04X", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
