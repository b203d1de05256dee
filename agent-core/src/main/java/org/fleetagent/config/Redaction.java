package org.fleetagent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in a configuration tree before it is shown: values of keys that name a credential (API keys,
 * tokens and their hashes, passwords, passphrases, secrets), inline PEM private keys, the password in a URL's user
 * info (a proxy's {@code http://user:password@host}) and every value of a headers map (a proxy or Fleet header is
 * often an authorization), whose names stay visible.
 */
public final class Redaction {
    /** What a hidden value is replaced with. */
    public static final String REDACTED = "<REDACTED>";
    private static final Pattern SECRET_KEY = Pattern.compile(".*(api_key|token|password|passphrase|secret).*");
    /** scheme://user:password@ : group 1 keeps everything before the password. */
    private static final Pattern URL_PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:\\s]*:)[^/@\\s]*@");
    private static final Pattern HEADER_SECRET = Pattern.compile(".*(authorization|cookie).*");
    /** Any user info password inside a text: group 1 is the password. */
    private static final Pattern URL_PASSWORD_VALUE = Pattern.compile("://[^/@\\s:]*:([^/@\\s]+)@");

    private Redaction() {
    }

    public static Map<String, Object> redact(Map<String, Object> tree) {
        return redactMap(tree, false);
    }

    private static Map<String, Object> redactMap(Map<?, ?> tree, boolean headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            String key = String.valueOf(k);
            out.put(key, redactNode(key, v, headers));
        });
        return out;
    }

    private static Object redactNode(String key, Object v, boolean inHeaders) {
        if (v instanceof Map<?, ?> m) {
            return redactMap(m, key.toLowerCase(Locale.ROOT).endsWith("headers"));
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(redactNode(key, e, inHeaders)));
            return out;
        }
        if (inHeaders && v instanceof String s && !s.isEmpty()) {
            return REDACTED;
        }
        return redactValue(key, v);
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
                Matcher m = URL_PASSWORD_VALUE.matcher(s);
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
            return URL_PASSWORD.matcher(s).replaceFirst("$1" + REDACTED + "@");
        }
        return v;
    }
}
