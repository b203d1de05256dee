package org.fleetagent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    record Inner(boolean c) {
    }

    record Doc(String s, long big, double f, List<String> list, Inner inner, Map<String, Object> open, String absent, int zero) {
    }

    private static <T> T read(String s, Class<T> type) throws JsonProcessingException {
        return Json.read(s.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void bindsRecordsByMemberNameIgnoringUnknownMembersAndDefaultingMissingOnes() throws Exception {
        Doc d = read("{\"s\":\"x\",\"big\":12345678901,\"f\":1.5,\"list\":[\"a\",\"b\"],\"inner\":{\"c\":true,\"new\":[1]},"
                + "\"open\":{\"z\":1,\"a\":{\"b\":null}},\"unknown\":{\"deep\":[{}]}}", Doc.class);
        assertEquals(new Doc("x", 12345678901L, 1.5, List.of("a", "b"), new Inner(true), d.open(), null, 0), d);
        assertEquals(List.of("z", "a"), new ArrayList<>(d.open().keySet()), "an open member keeps document order");
        assertTrue(((Map<?, ?>) d.open().get("a")).containsKey("b"), "a JSON null is a value");
    }

    @Test
    void anEmptyBodyIsNullNotAnError() throws Exception {
        assertNull(read("", Doc.class));
        assertNull(read(" \n", Doc.class));
    }

    @Test
    void malformedInputOrAMemberOfTheWrongShapeIsAProcessingException() {
        assertThrows(JsonProcessingException.class, () -> read("{\"s\":", Doc.class));
        assertThrows(JsonProcessingException.class, () -> read("not json", Object.class));
        assertThrows(JsonProcessingException.class, () -> read("[1]", Doc.class));
        assertThrows(JsonProcessingException.class, () -> read("{\"list\":{\"a\":1}}", Doc.class));
    }

    @Test
    void writesMapsListsEnumsAndNulls() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", State.HEALTHY);
        m.put("message", null);
        m.put("policy", read("{\"id\":\"p1\",\"revision\":3}", Object.class));
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
    void convertBindsAParsedTreeAndCopiesAreDeepAndMutable() {
        Map<String, Object> tree = Map.of("inner", Map.of("c", true), "list", List.of("a"));
        assertEquals(new Inner(true), Json.convert(tree, Doc.class).inner());
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) Json.copy(tree);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) copy.get("list");
        list.add("b");
        assertEquals(List.of("a"), tree.get("list"), "the original is untouched");
    }

    /** Found by the fuzzer: leading zero bytes made Jackson guess UTF-32 and fail outside its documented exception. */
    @Test
    void bytesAreUtf8AsInGoNeverAGuessedEncoding() throws Exception {
        record Status(String status) {
        }
        assertThrows(JsonProcessingException.class, () -> Json.read(new byte[] {0, 0, 0, 0, '{', '}'}, Status.class));
        assertThrows(JsonProcessingException.class, () -> Json.read(new byte[] {'{', 0, 0, 0, (byte) 0x80, '}'}, Status.class));
        assertEquals(new Status("\uFFFDok"), Json.read(new byte[] {'{', '"', 's', 't', 'a', 't', 'u', 's', '"', ':', '"', (byte) 0xFF, 'o', 'k', '"', '}'},
                Status.class));
    }
}
