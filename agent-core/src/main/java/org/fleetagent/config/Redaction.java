package org.fleetagent.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in a configuration tree before it is shown: values of keys that name a credential (API keys,
 * tokens and their hashes, passwords, passphrases, secrets) and inline PEM private keys.
 */
public final class Redaction {
    /** What a hidden value is replaced with. */
    public static final String REDACTED = "<REDACTED>";
    private static final Pattern SECRET_KEY = Pattern.compile(".*(api_key|token|password|passphrase|secret).*");
    private static final Pattern HEADER_SECRET = Pattern.compile(".*(authorization|cookie).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^/@\\s:]*:([^/@\\s]+)@");

    private Redaction() {
    }

    public static Map<String, Object> redact(Map<String, Object> tree) {
        return YamlCodec.mapScalars(tree, Redaction::redactValue);
    }

    /**
     * The secret values of a tree, to scrub them wherever else they might appear (a log line, a file copied as is):
     * what {@link #redact} hides, the password of a URL's user info, and authorization or cookie header values.
     */
    public static Set<String> secrets(Map<String, Object> tree) {
        Set<String> found = new HashSet<>();
        YamlCodec.mapScalars(tree, (k, v) -> {
            if (v instanceof String s && !s.isEmpty()) {
                if (REDACTED.equals(redactValue(k, v)) || HEADER_SECRET.matcher(k.toLowerCase(Locale.ROOT)).matches()) {
                    found.add(s);
                }
                Matcher m = URL_PASSWORD.matcher(s);
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
            return v;
        });
        return found;
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
