package org.fleetagent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs given by the user (flags, environment, files), checked once where they enter: a syntax error or a port
 * outside 1..65535 is refused here with a message that can follow the setting's name, instead of surfacing later
 * as an exception of the HTTP client.
 */
public final class Urls {
    private static final Pattern PORT = Pattern.compile("^(?:[^@]*@)?(?:\\[[^]]*]|[^:\\[\\]]*):([0-9]+)$");

    private Urls() {
    }

    /**
     * The URL {@code value} (trimmed). Its user info is redacted in messages.
     *
     * @throws IllegalArgumentException with a message such as {@code has port 70000, out of range: use a port
     *                                  from 1 to 65535 (got "http://h:70000")}
     */
    public static URI parse(String value) {
        String v = value.trim();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getReason() + " (got \"" + redact(v) + "\")");
        }
        String authority = uri.getRawAuthority();
        if (authority != null) {
            // a port too long for an int makes java.net.URI fall back to a registry authority without a host
            Matcher m = PORT.matcher(authority);
            if (m.matches()) {
                long port = m.group(1).length() > 9 ? Long.MAX_VALUE : Long.parseLong(m.group(1));
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("has port " + m.group(1) + ", out of range: use a port from 1 to 65535 (got \""
                            + redact(v) + "\")");
                }
            }
        }
        return uri;
    }

    /** The URL with its user info (a proxy's password) replaced by {@code ***}. */
    public static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    /** Whether two URLs name the same endpoint: scheme, host and port (defaults filled in) and path, ignoring a trailing slash. */
    public static boolean sameEndpoint(String a, String b) {
        try {
            return normalForm(URI.create(a)).equals(normalForm(URI.create(b)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code scheme://host:port/path}, lower-case, with the default port and without a trailing slash. */
    public static String normalForm(URI u) {
        String scheme = u.getScheme() == null ? "https" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = u.getPort() != -1 ? u.getPort() : "http".equals(scheme) ? 80 : 443;
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT);
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
        return scheme + "://" + host + ":" + port + path;
    }
}
