package org.fleetagent.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fleetagent.config.Urls;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * Proxies from the environment, as Go's {@code http.ProxyFromEnvironment} (which the real agent uses):
 * {@code HTTPS_PROXY}/{@code https_proxy} for https targets, {@code HTTP_PROXY}/{@code http_proxy} for http
 * targets (upper case first), {@code NO_PROXY}/{@code no_proxy} excludes hosts (names match themselves and their
 * subdomains, a leading dot or {@code *.} too, {@code *} matches all, {@code host:port}, IPs and CIDRs), and
 * {@code localhost} and loopback addresses are never proxied. Host names are not resolved to decide.
 */
final class EnvironmentProxySelector extends ProxySelector {
    /** What Go's httpproxy keeps as written (as {@code --proxy-url} accepts). */
    private static final java.util.Set<String> PROXY_SCHEMES = java.util.Set.of("http", "https", "socks5");
    private final URI httpsProxy;
    private final URI httpProxy;
    private final List<String> noProxy;

    EnvironmentProxySelector(Map<String, String> env) {
        this.httpsProxy = parse(env, "HTTPS_PROXY", "https_proxy");
        this.httpProxy = parse(env, "HTTP_PROXY", "http_proxy");
        List<String> np = new ArrayList<>();
        for (String s : first(env, "NO_PROXY", "no_proxy").split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                np.add(t);
            }
        }
        this.noProxy = List.copyOf(np);
    }

    /** The proxy URL for a target, or null to go direct. */
    URI proxyFor(URI target) {
        String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (isLoopback(host) || excluded(host, effectivePort(target))) {
            return null;
        }
        return "https".equalsIgnoreCase(target.getScheme()) ? httpsProxy : httpProxy;
    }

    @Override
    public List<Proxy> select(URI uri) {
        URI p = proxyFor(uri);
        return List.of(p == null ? Proxy.NO_PROXY : Proxies.toProxy(p));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember: the error reaches the caller
    }

    /** Every proxy URL the environment names (to set up TLS and credentials for them). */
    List<URI> proxies() {
        List<URI> out = new ArrayList<>();
        if (httpsProxy != null) {
            out.add(httpsProxy);
        }
        if (httpProxy != null) {
            out.add(httpProxy);
        }
        return out;
    }

    private static int effectivePort(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private boolean excluded(String host, int port) {
        for (String rule : noProxy) {
            if (rule.equals("*")) {
                return true;
            }
            String r = rule;
            int rulePort = -1;
            int colon = r.lastIndexOf(':');
            if (colon > 0 && !r.contains("::") && r.indexOf(':') == colon && !r.contains("/")) {
                try {
                    rulePort = Integer.parseInt(r.substring(colon + 1));
                    r = r.substring(0, colon);
                } catch (NumberFormatException e) {
                    // not a port
                }
            }
            if (rulePort > 0 && rulePort != port) {
                continue;
            }
            if (r.contains("/")) {
                if (inCidr(host, r)) {
                    return true;
                }
                continue;
            }
            if (r.startsWith("*.")) {
                r = r.substring(1);
            }
            if (r.startsWith(".")) {
                if (host.endsWith(r) || host.equals(r.substring(1))) {
                    return true;
                }
            } else if (host.equals(r) || host.endsWith("." + r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCidr(String host, String cidr) {
        if (!isIpLiteral(host)) {
            return false;
        }
        try {
            String[] parts = cidr.split("/");
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = InetAddress.getByName(host).getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((net[i] & mask) != (addr[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!isIpLiteral(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static String first(Map<String, String> env, String upper, String lower) {
        String v = env.get(upper);
        if (v == null || v.isEmpty()) {
            v = env.get(lower);
        }
        return v == null ? "" : v.trim();
    }

    /** The proxy of the first variable set; a value that is no URL is refused here, naming the variable. */
    private static URI parse(Map<String, String> env, String upper, String lower) {
        String s = first(env, upper, lower);
        if (s.isEmpty()) {
            return null;
        }
        String name = env.get(upper) != null && !env.get(upper).isEmpty() ? upper : lower;
        try {
            URI u = Urls.parse(s.contains("://") ? s : "http://" + s);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("has no host (got \"" + Urls.redact(s) + "\")");
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!PROXY_SCHEMES.contains(scheme)) {
                // Go reads "ftp://p:3128" as a proxy at host "ftp" port 80 and fails to reach it; going direct would hide the typo
                throw new IllegalArgumentException("has scheme " + scheme + ", which no proxy speaks: use an http://, https:// or socks5:// URL (got \""
                        + Urls.redact(s) + "\")");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new AgentException(ExitCode.USAGE, "the environment variable " + name + " " + e.getMessage()
                    + ": fix it, or unset it (or pass --proxy-disabled) to go without a proxy");
        }
    }
}
