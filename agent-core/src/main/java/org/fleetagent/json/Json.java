package org.fleetagent.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The agent's JSON codec, on jackson-jr: documents are read into typed records by jackson-jr's own binding (record
 * components named like the JSON members; unknown members ignored), or into maps, lists and scalars where a
 * document is open-ended. Jackson's databind is not used: every command and the daemon would pay its loading time
 * and memory for a handful of small documents (docs/performance.md). {@link #write} refuses types that are not JSON
 * values rather than guess at them as beans; a record is written through {@link #tree}, by its components.
 */
public final class Json {
    private static final JSON CODEC = JSON.builder().build()
            .with(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.FAIL_ON_UNKNOWN_TYPE_WRITE)
            .without(JSON.Feature.HANDLE_JAVA_BEANS);

    // a record is written by its components, in their declared order and under their names (the wire's snake_case);
    // an is_x component needs a getIs_x getter, as jackson-jr would otherwise take its accessor for the is-getter of "_x"
    private static final JSON RECORDS = CODEC.with(JSON.Feature.HANDLE_JAVA_BEANS, JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER)
            .without(JSON.Feature.USE_IS_GETTERS);

    // the tree of a record: its objects are LinkedHashMaps, which the output writers take for structs (members in order)
    private static final JSON STRUCTS = CODEC.without(JSON.Feature.USE_DEFERRED_MAPS);

    // replies from newer Fleet versions carry members this agent does not know: they are ignored, not an error
    private static final JSON BINDER = JSON.builder().build()
            .with(JSON.Feature.HANDLE_JAVA_BEANS)
            .without(JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY);

    private Json() {
    }

    /** Encodes maps, collections, strings, numbers, booleans, enums (by name) and nulls. */
    public static byte[] write(Object value) {
        try {
            return CODEC.asBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode JSON: " + e.getMessage(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return CODEC.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Binds a JSON document to {@code type} (a record whose components are named like the members); an empty body
     * is null. Throws {@link JsonProcessingException} for malformed input or a member of the wrong type; invalid
     * UTF-8 reads as U+FFFD, as in Go.
     */
    public static <T> T read(byte[] body, Class<T> type) throws JsonProcessingException {
        if (blank(body)) {
            return null;
        }
        try {
            return BINDER.beanFrom(type, utf8(body));
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object whose member names are no Java names (ECS's dotted {@code log.level}), as an ordered map. */
    public static Map<String, Object> readObject(byte[] body) throws JsonProcessingException {
        try {
            return CODEC.mapFrom(utf8(body));
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Binds an already parsed tree (maps, lists, scalars, as YAML gives them or a record's {@code Object} member
     * holds) to {@code type}; throws {@link IllegalArgumentException} when a member has the wrong type.
     */
    public static <T> T convert(Object tree, Class<T> type) {
        try {
            return BINDER.beanFrom(type, write(tree));
        } catch (IOException e) {
            throw new IllegalArgumentException("unexpected document: " + e.getMessage(), e);
        }
    }

    /**
     * A record as a tree of {@link java.util.LinkedHashMap}s, lists and scalars, as it would be written: for output
     * formats that take such trees (YAML, Go's JSON) and for documents that embed it.
     */
    public static Map<String, Object> tree(Record value) {
        try {
            return STRUCTS.mapFrom(RECORDS.asString(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode JSON: " + e.getMessage(), e);
        }
    }

    /** A deep copy of a tree of maps, lists and scalars (maps stay in their order), through its JSON text. */
    public static Object copy(Object tree) {
        try {
            return CODEC.anyFrom(write(tree));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot copy: " + e.getMessage(), e);
        }
    }

    /**
     * The document's text. JSON on the wire is UTF-8 (RFC 8259), and Go's decoder reads it so, turning invalid bytes
     * into U+FFFD; Jackson would instead guess UTF-16 or UTF-32 from leading zero bytes and fail outside its
     * documented exception.
     */
    private static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
