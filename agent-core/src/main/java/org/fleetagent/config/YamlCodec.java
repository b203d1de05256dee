package org.fleetagent.config;

import java.util.Map;

/** PLACEHOLDER until the store branch lands. */
public final class YamlCodec {
    private YamlCodec() {
    }

    public static Map<String, Object> load(byte[] yaml) {
        return Map.of();
    }

    public static String dump(Map<String, Object> doc) {
        return doc.toString();
    }
}
