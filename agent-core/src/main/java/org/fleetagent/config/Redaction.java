package org.fleetagent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets in a configuration tree before it is shown: values of keys that name a credential (API keys,
 * tokens and their hashes, passwords, passphrases, secrets) and inline PEM private keys.
 */
public final class Redaction {
    /** What a hidden value is replaced with. */
    public static final String REDACTED = "<REDACTED>";
    private static final Pattern SECRET_KEY = Pattern.compile(".*(api_key|token|password|passphrase|secret).*");

    private Redaction() {
    }

    public static Map<String, Object> redact(Map<String, Object> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> out.put(k, redactValue(k, v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(String key, Object v) {
        if (v instanceof Map<?, ?> m) {
            return redact((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(redactValue(key, e)));
            return out;
        }
        if (v instanceof String s) {
            boolean secretKey = SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() && !key.endsWith("_path");
            if ((secretKey && !s.isEmpty()) || s.contains("PRIVATE KEY-----")) {
                return REDACTED;
            }
        }
        return v;
    }
}
