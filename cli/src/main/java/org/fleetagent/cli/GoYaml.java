package org.fleetagent.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML as the real agent prints it with Go's {@code gopkg.in/yaml.v2} ({@code status --output yaml},
 * {@code version --yaml}): block style, sequences not indented under their key, a string quoted only when a YAML
 * 1.1 reader would take it for something else (then in double quotes) or when it cannot be plain (then in single
 * quotes), multi-line strings as literal blocks, long lines folded after column 80. Values as in {@link GoJson},
 * plus {@link Instant} (a Go {@code time.Time}, written as an unquoted timestamp).
 */
final class GoYaml {
    private static final int BEST_WIDTH = 80;
    private static final int BEST_INDENT = 2;
    private final StringBuilder out = new StringBuilder();
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;

    private GoYaml() {
    }

    /** The document for {@code value} (a map), ending with a newline as {@code yaml.Marshal} does. */
    static String write(Map<?, ?> value) {
        GoYaml y = new GoYaml();
        if (value.isEmpty()) {
            return "{}\n";
        }
        y.mapping(value, 0);
        y.out.append('\n');
        return y.out.toString();
    }

    private void mapping(Map<?, ?> m, int indent) {
        for (Map.Entry<?, ?> e : entries(m)) {
            writeIndent(indent);
            scalar(String.valueOf(e.getKey()), indent + BEST_INDENT, true);
            indicator(":", false);
            node(e.getValue(), indent, true);
        }
    }

    private void sequence(Collection<?> items, int indent) {
        for (Object item : items) {
            writeIndent(indent);
            if (!whitespace) {
                put(" ");
            }
            put("-");
            whitespace = false;
            node(item, indent, false);
        }
    }

    /** A value under a key (mapping context) or a sequence item, whose parent is at {@code indent}. */
    private void node(Object v, int indent, boolean inMapping) {
        switch (v) {
            case Map<?, ?> m when m.isEmpty() -> flow("{}");
            case Map<?, ?> m -> mapping(m, indent + BEST_INDENT);
            case Collection<?> c when c.isEmpty() -> flow("[]");
            // a sequence under a key stays at the key's column; one inside a sequence is indented
            case Collection<?> c -> sequence(c, inMapping && !indention ? indent : indent + BEST_INDENT);
            case String s -> scalar(s, indent + BEST_INDENT, false);
            case null -> plain("null");
            case Boolean b -> plain(b.toString());
            case Integer i -> plain(i.toString());
            case Long l -> plain(l.toString());
            case Float f -> plain(number(f, true));
            case Number n -> plain(number(n.doubleValue(), false));
            case Instant t -> plain(rfc3339Nano(t));
            default -> scalar(v.toString(), indent + BEST_INDENT, false);
        }
    }

    private void flow(String empty) {
        indicator(empty, true);
    }

    private void plain(String s) {
        writePlain(s, 0, false);
    }

    private static List<Map.Entry<?, ?>> entries(Map<?, ?> m) {
        List<Map.Entry<?, ?>> list = new ArrayList<>(m.entrySet());
        if (!(m instanceof LinkedHashMap)) {
            list.sort((a, b) -> GoYamlScalars.keyLess(String.valueOf(a.getKey()), String.valueOf(b.getKey())) ? -1
                    : GoYamlScalars.keyLess(String.valueOf(b.getKey()), String.valueOf(a.getKey())) ? 1 : 0);
        }
        return list;
    }

    /** A string: its style chosen as yaml.v2 chooses it, written with folding at {@code indent} when it may break. */
    private void scalar(String s, int indent, boolean simpleKey) {
        switch (GoYamlScalars.style(s, simpleKey)) {
            case PLAIN -> writePlain(s, indent, !simpleKey);
            case SINGLE -> writeSingle(s, indent, !simpleKey);
            case DOUBLE -> writeDouble(s, indent, !simpleKey);
            case LITERAL -> writeLiteral(s, indent);
        }
    }

    private void writePlain(String s, int indent, boolean allowBreaks) {
        if (!whitespace) {
            put(" ");
        }
        int[] cps = s.codePoints().toArray();
        boolean spaces = false;
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
                    writeIndent(indent);
                } else {
                    putCodePoint(cps[i]);
                }
                spaces = true;
            } else {
                putCodePoint(cps[i]);
                spaces = false;
            }
        }
        whitespace = false;
        indention = false;
    }

    private void writeSingle(String s, int indent, boolean allowBreaks) {
        indicator("'", true);
        int[] cps = s.codePoints().toArray();
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] != ' ') {
                    writeIndent(indent);
                } else {
                    putCodePoint(c);
                }
                spaces = true;
            } else if (GoYamlScalars.isBreak(c)) {
                if (!breaks && c == '\n') {
                    newline();
                }
                newline();
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent(indent);
                }
                if (c == '\'') {
                    put("'");
                }
                putCodePoint(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        indicator("'", false);
    }

    private void writeDouble(String s, int indent, boolean allowBreaks) {
        indicator("\"", true);
        int[] cps = s.codePoints().toArray();
        boolean spaces = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (!GoYamlScalars.isPrintable(c) || c == 0xFEFF || GoYamlScalars.isBreak(c) || c == '"' || c == '\\') {
                put("\\");
                put(switch (c) {
                    case 0x00 -> "0";
                    case 0x07 -> "a";
                    case 0x08 -> "b";
                    case 0x09 -> "t";
                    case 0x0A -> "n";
                    case 0x0B -> "v";
                    case 0x0C -> "f";
                    case 0x0D -> "r";
                    case 0x1B -> "e";
                    case '"' -> "\"";
                    case '\\' -> "\\";
                    case 0x85 -> "N";
                    case 0xA0 -> "_";
                    case 0x2028 -> "L";
                    case 0x2029 -> "P";
                    default -> c <= 0xFF ? String.format("x%02X", c) : c <= 0xFFFF ? String.format("u%04X", c) : String.format("U%08X", c);
                });
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
                    writeIndent(indent);
                    if (cps[i + 1] == ' ') {
                        put("\\");
                    }
                } else {
                    putCodePoint(c);
                }
                spaces = true;
            } else {
                putCodePoint(c);
                spaces = false;
            }
        }
        indicator("\"", false);
    }

    private void writeLiteral(String s, int indent) {
        indicator("|", true);
        int[] cps = s.codePoints().toArray();
        if (cps[0] == ' ' || GoYamlScalars.isBreak(cps[0])) {
            put(String.valueOf(BEST_INDENT));
        }
        int last = cps[cps.length - 1];
        if (!GoYamlScalars.isBreak(last)) {
            put("-");
        } else if (cps.length == 1 || GoYamlScalars.isBreak(cps[cps.length - 2])) {
            put("+");
        }
        newline();
        indention = true;
        whitespace = true;
        boolean breaks = true;
        for (int c : cps) {
            if (GoYamlScalars.isBreak(c)) {
                newline();
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent(indent);
                }
                putCodePoint(c);
                indention = false;
                breaks = false;
            }
        }
    }

    private void indicator(String text, boolean needWhitespace) {
        if (needWhitespace && !whitespace) {
            put(" ");
        }
        put(text);
        whitespace = false;
        indention = false;
    }

    private void writeIndent(int indent) {
        if (!indention || column > indent || column == indent && !whitespace) {
            newline();
        }
        while (column < indent) {
            put(" ");
        }
        whitespace = true;
        indention = true;
    }

    private void newline() {
        out.append('\n');
        column = 0;
        indention = true;
    }

    private void put(String s) {
        out.append(s);
        column += s.codePointCount(0, s.length());
    }

    private void putCodePoint(int c) {
        out.appendCodePoint(c);
        column++;
    }

    /** An instant as Go's RFC 3339 with nanoseconds writes a UTC time: fraction only when non-zero, its zeros trimmed. */
    static String rfc3339Nano(Instant t) {
        String s = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t.atOffset(java.time.ZoneOffset.UTC));
        if (t.getNano() != 0) {
            s += ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        }
        return s + "Z";
    }

    /** A float as yaml.v2 writes it: Go's shortest {@code %g}, exponent from 1e+06 on and below 1e-04. */
    static String number(double d, boolean float32) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal v = new BigDecimal(float32 ? Float.toString((float) d) : Double.toString(d)).stripTrailingZeros();
        int exp = v.precision() - v.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String digits = v.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.valueOf(Math.abs(exp));
            return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return v.toPlainString();
    }
}
