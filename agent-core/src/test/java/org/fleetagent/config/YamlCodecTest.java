package org.fleetagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlCodecTest {
    @Test
    void dumpsBlockStyleWithSortedKeysAndQuotesOnlyWhatNeedsIt() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("zeta", "10m0s");
        inner.put("alpha", "true");
        inner.put("empty", "");
        inner.put("colon", "a: b");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("fleet", inner);
        doc.put("agent", Map.of("id", "x", "list", List.of("a", "b")));
        String y = YamlCodec.dump(doc);
        assertTrue(y.indexOf("agent:") < y.indexOf("fleet:"), y);
        assertTrue(y.indexOf("alpha") < y.indexOf("colon") && y.indexOf("colon") < y.indexOf("zeta"), y);
        assertTrue(y.contains("zeta: 10m0s"), y);
        assertTrue(y.contains("alpha: 'true'") || y.contains("alpha: \"true\""), "a string that reads as a bool is quoted: " + y);
        Map<String, Object> back = YamlCodec.load(y.getBytes(StandardCharsets.UTF_8));
        assertEquals("true", ((Map<?, ?>) back.get("fleet")).get("alpha"));
        assertEquals("", ((Map<?, ?>) back.get("fleet")).get("empty"));
        assertEquals("a: b", ((Map<?, ?>) back.get("fleet")).get("colon"));
        assertEquals(List.of("a", "b"), ((Map<?, ?>) back.get("agent")).get("list"));
    }

    @Test
    void emptyInputIsAnEmptyMap() {
        assertTrue(YamlCodec.load(new byte[0]).isEmpty());
        assertTrue(YamlCodec.load("# only a comment\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    /** Findings of the fuzzer (FuzzPropertiesTest), kept as plain cases. */
    @Test
    void whatTheFuzzerFoundReadsOrFailsInOneLine() {
        // !!binary reads as bytes and is written back as !!binary, not refused by the writer
        Map<String, Object> bin = YamlCodec.load("bin: !!binary aGVsbG8=\n".getBytes(StandardCharsets.UTF_8));
        String y = YamlCodec.dump(bin);
        assertEquals("bin: !!binary aGVsbG8=\n", y);
        // a key too long for the implicit form is written in the explicit one, which reads back
        Map<String, Object> longKey = Map.of("k".repeat(1500), List.of("a"));
        assertEquals(longKey, YamlCodec.load(YamlCodec.dumpBytes(longKey)));
        // deep nesting is refused with a line number instead of overflowing the parser's stack
        String deep = "a: " + "[".repeat(5000) + "\n";
        org.fleetagent.errors.AgentException e = org.junit.jupiter.api.Assertions.assertThrows(org.fleetagent.errors.AgentException.class,
                () -> YamlFiles.parse(deep.getBytes(StandardCharsets.UTF_8), "x.yml", "fix it"));
        assertEquals("x.yml is not valid YAML: it nests collections deeper than 100 levels (at line 1): fix it", e.getMessage());
        // so is nesting by explicit keys and values on one line ("? ? ? ...", found later)
        for (String indicator : List.of("? ", ": ", "- ? ")) {
            String compact = indicator.repeat(1000) + "a\n";
            org.fleetagent.errors.AgentException c = org.junit.jupiter.api.Assertions.assertThrows(org.fleetagent.errors.AgentException.class,
                    () -> YamlFiles.parse(compact.getBytes(StandardCharsets.UTF_8), "x.yml", "fix it"), indicator);
            assertEquals("x.yml is not valid YAML: it nests collections deeper than 100 levels (at line 1): fix it", c.getMessage());
        }
        assertEquals(Map.of("k", Map.of("a", "b")), YamlCodec.load("? k\n: a: b\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("a", List.of(List.of(List.of(Map.of("b", "c [d"))))),
                YamlCodec.load("a: [[[{b: 'c [d'}]]] # [[[\n".getBytes(StandardCharsets.UTF_8)));
    }
}
