package org.fleetagent.config;

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
        return YamlCodec.mapScalars(tree, Redaction::redactValue);
    }

    private static Object redactValue(String key, Object v) {
        if (v instanceof String s) {
            boolean secretKey = SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() && !key.endsWith("_path");
            if ((secretKey && !s.isEmpty()) || s.contains("PRIVATE KEY-----")) {
                return REDACTED;
            }
        }
        return v;
    }
}
