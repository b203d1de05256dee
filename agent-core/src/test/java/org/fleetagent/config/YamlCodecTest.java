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
}
