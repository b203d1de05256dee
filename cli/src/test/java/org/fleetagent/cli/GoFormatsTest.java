package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The byte-level choices of the Go encoders our status and version output imitate. */
class GoFormatsTest {

    private static String yamlValue(String s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", s);
        String y = GoYaml.write(m);
        return y.substring("k: ".length(), y.length() - 1);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "yes                | \"yes\"",
            "on                 | \"on\"",
            "N                  | \"N\"",
            "``                 | \"\"",
            "~                  | \"~\"",
            "null               | \"null\"",
            "123                | \"123\"",
            "0755               | \"0755\"",
            "08                 | \"08\"",
            "0x1F               | \"0x1F\"",
            "1.5                | \"1.5\"",
            "1e3                | \"1e3\"",
            ".5                 | \".5\"",
            "1:20               | \"1:20\"",
            "2026-11-22         | \"2026-11-22\"",
            "2026-11-22T10:00:00Z | \"2026-11-22T10:00:00Z\"",
            "9.6.0              | 9.6.0",
            "0123456789ab       | 0123456789ab",
            "it's fine          | it's fine",
            "a: b               | 'a: b'",
            "- x                | '- x'",
            "#x                 | '#x'",
            "a #b               | 'a #b'",
            "*ref               | '*ref'",
            "`trailing `        | 'trailing '",
            "`it's: here`       | 'it''s: here'",
    })
    void quotesAStringOnlyWhenAYaml11ReaderWouldMisreadIt(String in, String out) {
        assertEquals(out, yamlValue(in));
    }

    @Test
    void escapesWhatCannotBePrintedAndWritesMultipleLinesAsALiteralBlock() {
        assertEquals("\"tab\\there\"", yamlValue("tab\there"));
        assertEquals("|-\n  one\n  two", yamlValue("one\ntwo"));
        assertEquals("|\n  one\n  two\n", yamlValue("one\ntwo\n"));
        assertEquals("\"bell\\a\"", yamlValue("bell\u0007"));
    }

    @Test
    void foldsAPlainLineAfterColumnEighty() {
        String words = "word ".repeat(30).trim();
        String v = yamlValue(words);
        assertTrue(v.contains("\n  word"), v);
        assertEquals(words, v.replace("\n  ", " "));
        for (String line : v.split("\n")) {
            assertTrue(line.length() <= 86, line);
        }
    }

    @Test
    void sortsMapKeysAsYamlV2WithNumbersByValue() {
        Map<String, Object> m = new TreeMap<>(Map.of("a10", 1, "a9", 2, "b", 3, "A", 4));
        assertEquals("A: 4\na9: 2\na10: 1\nb: 3\n", GoYaml.write(m));
    }

    @Test
    void writesNestedSequencesAndEmptyCollectionsAsYamlV2() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list", List.of(Map.of("a", 1), List.of("x", "y")));
        m.put("empty", List.of());
        m.put("none", Map.of());
        m.put("nothing", null);
        assertEquals("list:\n- a: 1\n- - x\n  - \"y\"\nempty: []\nnone: {}\nnothing: null\n", GoYaml.write(m));
    }

    @Test
    void floatsAsGo() {
        assertEquals("1.234567e+06", GoYaml.number(1234567, false));
        assertEquals("8221", GoYaml.number(8221, false));
        assertEquals("0.0001", GoYaml.number(0.0001, false));
        assertEquals("1e-05", GoYaml.number(0.00001, false));
        assertEquals("1234567", GoJson.number(1234567, false));
        assertEquals("1e+21", GoJson.number(1e21, false));
        assertEquals("1e-7", GoJson.number(1e-7, false));
        assertEquals("0.425", GoJson.number(0.425f, true));
    }

    @Test
    void jsonEscapesAsGo() {
        StringBuilder b = new StringBuilder();
        GoJson.string(b, "<a&b>\n\"q\"\u0001\u2028");
        assertEquals("\"\\u003ca\\u0026b\\u003e\\n\\\"q\\\"\\u0001\\u2028\"", b.toString());
        assertEquals("{\n    \"a\": [],\n    \"b\": {}\n}", GoJson.write(new TreeMap<>(Map.of("b", Map.of(), "a", List.of()))));
    }

    @Test
    void durationsAsGo() {
        assertEquals("1h2m3.5s", StatusOutput.goDuration(Duration.ofMillis(3_723_500)));
        assertEquals("4m0s", StatusOutput.goDuration(Duration.ofMinutes(4)));
        assertEquals("-1.5s", StatusOutput.goDuration(Duration.ofMillis(-1500)));
        assertEquals("250ms", StatusOutput.goDuration(Duration.ofMillis(250)));
        assertEquals("0s", StatusOutput.goDuration(Duration.ZERO));
    }
}
