package org.fleetagent.transport;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Small helpers about proxy URLs. */
public final class Proxies {
    private Proxies() {
    }

    /** The java.net proxy for a proxy URL; the address stays unresolved so that OkHttp resolves it. */
    static Proxy toProxy(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() > 0 ? url.getPort() : switch (scheme) {
            case "https" -> 443;
            case "socks5", "socks5h" -> 1080;
            default -> 80;
        };
        Proxy.Type type = scheme.startsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
        return new Proxy(type, InetSocketAddress.createUnresolved(url.getHost(), port));
    }

    /** {@code Basic base64(user:password)} from the URL's user info, or null. */
    static String basicCredentials(URI url) {
        String info = url.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            return null;
        }
        String decoded = java.net.URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    /** The URL without its credentials, for messages. */
    public static String redact(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.getScheme() + "://***@" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    static boolean isTls(URI url) {
        return "https".equalsIgnoreCase(url.getScheme());
    }
}
