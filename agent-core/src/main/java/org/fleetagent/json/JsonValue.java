package org.fleetagent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of a parsed JSON value (a map, list, string, number, boolean or null as {@link Json} reads
 * them) with null-safe navigation: {@link #path} into a member that is not there gives the missing value,
 * whose text is "" and which iterates as empty, so lookups deep into a reply need no checks on the way.
 */
public final class JsonValue implements Iterable<JsonValue> {
    private static final Object MISSING_MARK = new Object();
    /** The value of a member that is not there. */
    public static final JsonValue MISSING = new JsonValue(MISSING_MARK);
    private static final JsonValue NULL = new JsonValue(null);

    private final Object value;

    private JsonValue(Object value) {
        this.value = value;
    }

    /** Wraps a map, list, string, number, boolean or null. */
    public static JsonValue of(Object value) {
        if (value instanceof JsonValue v) {
            return v;
        }
        return value == null ? NULL : new JsonValue(value);
    }

    /** The wrapped value (a map, list, string, number, boolean, or null for JSON null and for missing). */
    public Object value() {
        return value == MISSING_MARK ? null : value;
    }

    /** The member {@code name} of an object; {@link #MISSING} when this is not an object or has no such member. */
    public JsonValue path(String name) {
        if (value instanceof Map<?, ?> m && m.containsKey(name)) {
            return of(m.get(name));
        }
        return MISSING;
    }

    /** The element {@code index} of an array; {@link #MISSING} when this is not an array or is too short. */
    public JsonValue path(int index) {
        if (value instanceof List<?> l && index >= 0 && index < l.size()) {
            return of(l.get(index));
        }
        return MISSING;
    }

    /** The member {@code name}, or null when this is not an object or has no such member (JSON null is a value). */
    public JsonValue get(String name) {
        JsonValue v = path(name);
        return v.isMissing() ? null : v;
    }

    /** Whether this is an object with a member {@code name} (even a null one). */
    public boolean has(String name) {
        return value instanceof Map<?, ?> m && m.containsKey(name);
    }

    public boolean isMissing() {
        return value == MISSING_MARK;
    }

    public boolean isNull() {
        return value == null;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    public boolean isArray() {
        return value instanceof List;
    }

    public boolean isTextual() {
        return value instanceof String;
    }

    public boolean isNumber() {
        return value instanceof Number;
    }

    /** Members of an object or elements of an array; 0 otherwise. */
    public int size() {
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        return value instanceof List<?> l ? l.size() : 0;
    }

    /** A string as is, a number or boolean as its JSON text, "" for anything else. */
    public String asText() {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return "";
    }

    /** {@link #asText()}, or {@code otherwise} when this is missing or null. */
    public String asText(String otherwise) {
        return value == null || value == MISSING_MARK ? otherwise : asText();
    }

    public long asLong() {
        return asLong(0);
    }

    /** A number (truncated), a string holding an integer, or {@code otherwise}. */
    public long asLong(long otherwise) {
        if (value instanceof BigInteger b) {
            return b.longValue();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    /** A number, or {@code otherwise}. */
    public double asDouble(double otherwise) {
        return value instanceof Number n ? n.doubleValue() : otherwise;
    }

    public int asInt() {
        return asInt(0);
    }

    public int asInt(int otherwise) {
        long l = asLong(Long.MIN_VALUE);
        return l == Long.MIN_VALUE || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE ? otherwise : (int) l;
    }

    /** A boolean, the strings "true"/"false", or {@code otherwise}. */
    public boolean asBoolean(boolean otherwise) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return otherwise;
    }

    /** The members of an object, in document order, as an unmodifiable view (empty for anything else). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return value instanceof Map<?, ?> m ? Collections.unmodifiableMap((Map<String, Object>) m) : Map.of();
    }

    /** The members of an object with their values wrapped, in document order (empty for anything else). */
    public Map<String, JsonValue> members() {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
        }
        return out;
    }

    /** The elements of an array, or the member values of an object; nothing for anything else. */
    @Override
    public Iterator<JsonValue> iterator() {
        Iterator<?> it;
        if (value instanceof List<?> l) {
            it = l.iterator();
        } else if (value instanceof Map<?, ?> m) {
            it = m.values().iterator();
        } else {
            it = Collections.emptyIterator();
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public JsonValue next() {
                return of(it.next());
            }
        };
    }

    /** A deep, mutable copy of the wrapped value: maps become LinkedHashMaps, lists ArrayLists. */
    public Object copy() {
        return copyOf(value());
    }

    @SuppressWarnings("unchecked")
    private static Object copyOf(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, copyOf(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>(l.size());
            l.forEach(x -> out.add(copyOf(x)));
            return out;
        }
        return v instanceof JsonValue j ? copyOf(j.value()) : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonValue j && java.util.Objects.equals(value, j.value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(value);
    }

    /** The value as JSON text ("" when missing). */
    @Override
    public String toString() {
        return isMissing() ? "" : Json.writeString(value);
    }
}
