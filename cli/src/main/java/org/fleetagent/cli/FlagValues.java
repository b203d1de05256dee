package org.fleetagent.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fleetagent.config.Urls;

/** Checks and conversions the option groups share; each problem is a usage error naming the flag. */
final class FlagValues {
    private FlagValues() {
    }

    static boolean given(String s) {
        return s != null && !s.isEmpty();
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    static List<String> listOf(String s) {
        return s == null ? List.of() : List.of(s);
    }

    static Path pathOrNull(String s) {
        return s == null ? null : Path.of(s);
    }

    static void requireAbsolute(Usage u, String flag, String value) {
        if (given(value) && !Path.of(value).isAbsolute()) {
            throw u.error(flag + " must be an absolute path (got \"" + value + "\"); try " + Path.of(value).toAbsolutePath());
        }
    }

    /** A path, or the PEM text itself. */
    static void requireAbsoluteOrPem(Usage u, String flag, List<String> values) {
        for (String v : values) {
            if (v != null && !v.contains("-----BEGIN")) {
                requireAbsolute(u, flag, v);
            }
        }
    }

    static void requirePair(Usage u, String first, Object a, String second, Object b) {
        if ((a == null) != (b == null)) {
            throw u.error(first + " and " + second + " go together: give both or neither");
        }
    }

    static URI parseUri(Usage u, String flag, String value) {
        try {
            return Urls.parse(value);
        } catch (IllegalArgumentException e) {
            throw u.error(flag + " " + e.getMessage());
        }
    }

    static String redactUserInfo(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    /** The {@code key=value} headers; one without a key or an '=' is skipped, as the real agent skips it. */
    static Map<String, String> headerMap(List<String> raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String h : raw) {
            int eq = h.indexOf('=');
            if (eq > 0 && !h.substring(0, eq).isBlank()) {
                m.put(h.substring(0, eq).trim(), h.substring(eq + 1).trim());
            }
        }
        return m;
    }

    /** One warning line naming the headers {@link #headerMap} skips. */
    static void warnMalformedHeaders(Usage u, String flag, List<String> raw) {
        List<String> skipped = raw.stream().filter(h -> headerMap(List.of(h)).isEmpty()).map(h -> "\"" + h + "\"").toList();
        if (!skipped.isEmpty()) {
            u.note("Warning: " + flag + " " + String.join(", ", skipped) + " ignored: a header is key=value, such as " + flag + " X-Team=ops");
        }
    }

    /** Trimmed, de-duplicated, without empties. */
    static List<String> cleanTags(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : raw) {
            String s = t.trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
