package org.fleetagent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.control.State;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static JsonValue read(String s) throws JsonProcessingException {
        return Json.read(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsDocumentsInOrderAndNavigatesWithoutNullChecks() throws Exception {
        JsonValue v = read("{\"z\":1,\"a\":{\"b\":[\"x\",{\"c\":true}]},\"n\":null,\"big\":12345678901,\"f\":1.5,\"s\":\"42\"}");
        assertEquals(List.of("z", "a", "n", "big", "f", "s"), new ArrayList<>(v.asMap().keySet()), "document order kept");
        assertEquals("x", v.path("a").path("b").path(0).asText());
        assertTrue(v.path("a").path("b").path(1).path("c").asBoolean(false));
        assertTrue(v.path("nope").path("deeper").path(3).isMissing());
        assertEquals("", v.path("nope").asText());
        assertEquals("dflt", v.path("nope").asText("dflt"));
        assertEquals("dflt", v.path("n").asText("dflt"), "JSON null reads as the default");
        assertTrue(v.has("n") && v.path("n").isNull() && v.get("nope") == null && v.get("n") != null);
        assertEquals(12345678901L, v.path("big").asLong());
        assertEquals(42, v.path("s").asInt(-1), "a string holding an integer");
        assertEquals(-1, v.path("f").isNumber() ? -1 : 0);
        assertEquals("1.5", v.path("f").asText());
        assertEquals(2, v.path("a").path("b").size());
        int n = 0;
        for (JsonValue ignored : v.path("nope")) {
            n++;
        }
        assertEquals(0, n, "a missing value iterates as empty");
    }

    @Test
    void anEmptyBodyIsMissingNotAnError() throws Exception {
        assertTrue(read("").isMissing());
        assertTrue(read(" \n").isMissing());
    }

    @Test
    void malformedInputIsAProcessingException() {
        assertThrows(JsonProcessingException.class, () -> read("{\"a\":"));
        assertThrows(JsonProcessingException.class, () -> read("not json"));
    }

    @Test
    void writesMapsListsEnumsNullsAndParsedValues() throws Exception {
        JsonValue policy = read("{\"id\":\"p1\",\"revision\":3}");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", State.HEALTHY);
        m.put("message", null);
        m.put("policy", policy);
        m.put("list", List.of(1, "two", false));
        assertEquals("{\"state\":\"HEALTHY\",\"message\":null,\"policy\":{\"id\":\"p1\",\"revision\":3},\"list\":[1,\"two\",false]}",
                Json.writeString(m));
        assertEquals(Json.writeString(m), new String(Json.write(m), StandardCharsets.UTF_8));
    }

    @Test
    void refusesToGuessAtObjectsThatAreNotJsonValues() {
        record Secretive(String token) {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.writeString(Map.of("x", new Secretive("t"))));
        assertTrue(e.getMessage().startsWith("cannot encode JSON"), e.getMessage());
    }

    @Test
    void copiesAreDeepAndMutable() throws Exception {
        JsonValue v = read("{\"a\":{\"b\":[1]}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) v.copy();
        @SuppressWarnings("unchecked")
        List<Object> b = (List<Object>) ((Map<String, Object>) copy.get("a")).get("b");
        b.add(2);
        assertEquals(1, v.path("a").path("b").size(), "the original is untouched");
        assertFalse(v.path("a").path("b").equals(JsonValue.of(b)));
    }
}
