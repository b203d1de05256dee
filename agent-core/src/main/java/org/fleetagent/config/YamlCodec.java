package org.fleetagent.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The agent's YAML codec: configuration files, state files, the plaintext inside fleet.enc and YAML output. Reads
 * with snakeyaml-engine; writes through {@link YamlWriter} the way the real agent's yaml.v2 does for map data
 * (block style, keys sorted at every level), quoting every string that a YAML 1.1 or 1.2 reader would read as
 * something else.
 */
public final class YamlCodec {
    private YamlCodec() {
    }

    /** Parses a YAML document into nested maps, lists and scalars; empty input is an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(byte[] yaml) {
        String text = new String(yaml, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        YamlDepth.check(text);
        Object doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the YAML document is not a map of settings");
        }
        return (Map<String, Object>) doc;
    }

    /**
     * A node of a loaded document (YAML or JSON) as a map of settings with its keys as text, or empty when the node
     * is not a mapping: the one place where untyped trees are told apart.
     */
    public static Optional<Map<String, Object>> asMap(Object node) {
        if (!(node instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return Optional.of(out);
    }

    /** Dumps a map as block-style YAML with sorted keys (how yaml.v2 writes maps). */
    public static String dump(Map<String, Object> doc) {
        return YamlWriter.write(sorted(doc));
    }

    /** Dumps a map as block-style YAML in its own key order (how yaml.v2 writes a struct, in field order). */
    public static String dumpInOrder(Map<String, Object> doc) {
        return YamlWriter.write(doc);
    }

    /** A copy of {@code tree} whose maps, at every depth, iterate in key order. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> sortedCopy(Map<String, Object> tree) {
        return (Map<String, Object>) sorted(tree);
    }

    public static byte[] dumpBytes(Map<String, Object> doc) {
        return dump(doc).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A copy of {@code tree} with each scalar (in maps and lists, at any depth) replaced by what {@code f} returns
     * for it and the key of its nearest map (a list's elements share their list's key).
     */
    public static Map<String, Object> mapScalars(Map<String, Object> tree, BiFunction<String, Object, Object> f) {
        Map<String, Object> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> out.put(k, mapScalar(k, v, f)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object mapScalar(String key, Object v, BiFunction<String, Object, Object> f) {
        if (v instanceof Map<?, ?> m) {
            return mapScalars((Map<String, Object>) m, f);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(mapScalar(key, e, f)));
            return out;
        }
        return f.apply(key, v);
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), sorted(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return v;
    }
}
