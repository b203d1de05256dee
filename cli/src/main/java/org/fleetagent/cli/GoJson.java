package org.fleetagent.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as the real agent's Go {@code encoding/json} indents it ({@code MarshalIndent} with four spaces), so that
 * scripts comparing or grepping our output see the same bytes. Values: a {@link LinkedHashMap} is a struct (members in
 * insertion order); any other {@link Map} is a Go map (keys sorted); collections, strings, booleans, integers,
 * {@link Float} (Go float32), other numbers (Go float64) and null.
 */
final class GoJson {
    private GoJson() {
    }

    /** {@code value} indented, without a trailing newline. */
    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, String indent) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(b, s);
            case Boolean x -> b.append(x);
            case Integer x -> b.append(x);
            case Long x -> b.append(x);
            case Float f -> b.append(number(f, true));
            case Number n -> b.append(number(n.doubleValue(), false));
            case Map<?, ?> m -> object(b, m, indent);
            case Collection<?> c -> array(b, c, indent);
            default -> string(b, v.toString());
        }
    }

    private static void object(StringBuilder b, Map<?, ?> m, String indent) {
        if (m.isEmpty()) {
            b.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
        if (!(m instanceof LinkedHashMap)) {
            entries.sort((x, y) -> String.valueOf(x.getKey()).compareTo(String.valueOf(y.getKey())));
        }
        String inner = indent + "    ";
        b.append("{\n");
        for (int i = 0; i < entries.size(); i++) {
            b.append(inner);
            string(b, String.valueOf(entries.get(i).getKey()));
            b.append(": ");
            write(b, entries.get(i).getValue(), inner);
            b.append(i < entries.size() - 1 ? ",\n" : "\n");
        }
        b.append(indent).append('}');
    }

    private static void array(StringBuilder b, Collection<?> c, String indent) {
        if (c.isEmpty()) {
            b.append("[]");
            return;
        }
        String inner = indent + "    ";
        b.append("[\n");
        int i = 0;
        for (Object x : c) {
            b.append(inner);
            write(b, x, inner);
            b.append(++i < c.size() ? ",\n" : "\n");
        }
        b.append(indent).append(']');
    }

    /** A string as Go escapes it: HTML-significant characters and the two JavaScript line separators too. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : "\ufffd");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A float as Go's encoder writes it: shortest digits, plain between 1e-6 and 1e21, else {@code 1e+21} style. */
    static String number(double d, boolean float32) {
        if (d == 0) {
            return "0";
        }
        String shortest = float32 ? Float.toString((float) d) : Double.toString(d);
        BigDecimal exact = new BigDecimal(shortest);
        double abs = Math.abs(d);
        boolean exponent = float32 ? abs < 1e-6f || abs >= 1e21f : abs < 1e-6 || abs >= 1e21;
        if (!exponent) {
            return exact.stripTrailingZeros().toPlainString();
        }
        BigDecimal unscaled = exact.stripTrailingZeros();
        int exp = unscaled.precision() - unscaled.scale() - 1;
        String digits = unscaled.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp);
    }
}
