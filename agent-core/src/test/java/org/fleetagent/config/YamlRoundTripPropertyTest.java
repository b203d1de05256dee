package org.fleetagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the agent writes as YAML reads back exactly as meant in YAML 1.1 (SnakeYAML 1.33, like the real agent's
 * yaml.v2) and in YAML 1.2 (snakeyaml-engine, with its JSON and core schemas): random documents whose strings are
 * built mostly from the tokens that one version or the other reads as something else. The seed is random unless
 * given with {@code -Dyaml.seed=<n>}, and printed with any failure; {@code -Dyaml.cases=<n>} changes the count.
 */
class YamlRoundTripPropertyTest {
    /** Booleans, nulls, numbers, dates, indicators, separators, line breaks, controls and non-ASCII of both versions. */
    private static final String[] TOKENS = {
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
        "true", "True", "FALSE", "null", "Null", "NULL", "~", "<<", "=",
        "0", "7", "9", "017", "0o17", "0x1F", "0X1f", "0b101", "1_000", "+12", "-3", "1:20", "190:20:30", "1:20:30.5",
        "1.5", "-1.5e3", "1e3", "6.02E+23", ".5", "1.", ".inf", "-.Inf", "+.INF", ".NaN", "inf", "NaN", "Infinity",
        "0x1p-2", "8.15.0", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2002-12-14 21:59:43.10 -5", "12:30",
        "*", "&", "!", "%", "@", "`", "|", ">", "'", "\"", "?", "-", "[", "]", "{", "}", ",", "#", ":", "\\",
        ": ", " #", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", "---", "...", "- ", "? ", "!!str", "%YAML",
        "\u0085", "\u2028", "\u2029", "\u007F", "\u0080", "\u009F", "\u00A0", "\uFEFF", "\u0000", "\u001B", "\u0007",
        "é", "Ω", "日本", "😀", "\uD800", "\uDFFF", "\uFFFE",
        "a", "b", "Z", "x", "key", "value", "http://", "https://fleet.example:8220", "127.0.0.1", "/", ".", "_",
        "(", ")", "$", "^", "+", ";", "<", "X-Proxy-Test",
    };

    private static final Function<byte[], Object> YAML_1_1 =
            b -> new Yaml(new SafeConstructor(new LoaderOptions())).load(new ByteArrayInputStream(b));
    private static final Function<byte[], Object> YAML_1_2_JSON =
            b -> new Load(LoadSettings.builder().build()).loadFromInputStream(new ByteArrayInputStream(b));
    private static final Function<byte[], Object> YAML_1_2_CORE =
            b -> new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromInputStream(new ByteArrayInputStream(b));

    @Test
    void randomDocumentsReadBackTheSameInYaml11AndYaml12() {
        long seed = Long.getLong("yaml.seed", new Random().nextLong());
        int cases = Integer.getInteger("yaml.cases", 10_000);
        Random random = new Random(seed);
        for (int i = 0; i < cases; i++) {
            Map<String, Object> doc = map(random, 0);
            byte[] yaml = YamlCodec.dumpBytes(doc);
            for (Map.Entry<String, Function<byte[], Object>> reader : readers().entrySet()) {
                Object back;
                try {
                    back = reader.getValue().apply(yaml);
                } catch (RuntimeException e) {
                    throw new AssertionError(failure(seed, i, reader.getKey(), doc, yaml) + "\nit did not parse: " + e.getMessage(), e);
                }
                if (!doc.equals(back)) {
                    throw new AssertionError(failure(seed, i, reader.getKey(), doc, yaml) + "\nread back:\n" + show(back));
                }
            }
        }
    }

    @Test
    void aProxyHeaderYesIsTheStringYesInEveryReader() {
        Map<String, Object> doc = Map.of("fleet", Map.of("proxy_headers", Map.of("X-Proxy-Test", "yes")));
        byte[] yaml = YamlCodec.dumpBytes(doc);
        assertTrue(new String(yaml, java.nio.charset.StandardCharsets.UTF_8).contains("X-Proxy-Test: \"yes\""), new String(yaml));
        readers().forEach((name, reader) -> assertEquals(doc, reader.apply(yaml), name));
    }

    @Test
    void plainStaysPlainWhereEveryReaderAgrees() {
        Map<String, Object> doc = Map.of("version", "8.15.0", "url", "https://fleet.example:8220/path",
                "message", "Running on default policy with Fleet Server integration", "redacted", "<REDACTED>", "duration", "10m0s");
        assertEquals("""
                duration: 10m0s
                message: Running on default policy with Fleet Server integration
                redacted: <REDACTED>
                url: https://fleet.example:8220/path
                version: 8.15.0
                """, YamlCodec.dump(doc));
    }

    private static Map<String, Function<byte[], Object>> readers() {
        Map<String, Function<byte[], Object>> r = new LinkedHashMap<>();
        r.put("SnakeYAML 1.33 (YAML 1.1)", YAML_1_1);
        r.put("snakeyaml-engine, JSON schema (YAML 1.2)", YAML_1_2_JSON);
        r.put("snakeyaml-engine, core schema (YAML 1.2)", YAML_1_2_CORE);
        return r;
    }

    private static Map<String, Object> map(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            m.put(string(r), value(r, depth + 1));
        }
        return m;
    }

    private static Object value(Random r, int depth) {
        int pick = r.nextInt(20);
        if (pick < 2 && depth < 4) {
            return map(r, depth);
        }
        if (pick < 4 && depth < 4) {
            List<Object> l = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                l.add(value(r, depth + 1));
            }
            return l;
        }
        return switch (pick) {
            case 4 -> r.nextInt(2000) - 1000;
            case 5 -> r.nextBoolean();
            case 6 -> null;
            case 7 -> new LinkedHashMap<>();
            default -> string(r);
        };
    }

    /** One to six tokens, sometimes with a random code point among them. */
    private static String string(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) == 0) {
                b.appendCodePoint(r.nextInt(3) == 0 ? r.nextInt(0x250) : r.nextInt(0x110000));
            } else {
                b.append(TOKENS[r.nextInt(TOKENS.length)]);
            }
        }
        return b.toString();
    }

    private static String failure(long seed, int i, String reader, Map<String, Object> doc, byte[] yaml) {
        return "case " + i + " of seed " + seed + " (rerun with -Dyaml.seed=" + seed + "): " + reader
                + " does not read back what was written\nwritten: " + show(doc) + "\nYAML:\n" + new String(yaml, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A value with every character outside printable ASCII escaped, so a failure message shows what differs. */
    private static String show(Object v) {
        StringBuilder b = new StringBuilder();
        String s = String.valueOf(v);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return b.toString();
    }
}
