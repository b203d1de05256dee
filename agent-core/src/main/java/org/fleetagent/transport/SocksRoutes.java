package org.fleetagent.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.Dns;

/**
 * One client's routes through SOCKS5 proxies. OkHttp hands SOCKS routes to the JDK's SOCKS client, whose only
 * source of credentials is the JVM-wide {@code Authenticator}; so this client's proxy selector answers "direct"
 * for them and remembers the proxy, its DNS leaves their names unresolved (the proxy resolves them) and
 * {@link ProxySocketFactory}'s sockets open the tunnel with {@link Socks5}, with this client's credentials.
 */
final class SocksRoutes {
    /** Where a destination goes: the proxy, and the destination's name as the request named it. */
    record Route(URI proxy, String host) {
    }

    private final Function<URI, URI> proxyFor;
    private final Map<String, Route> byEndpoint = new ConcurrentHashMap<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    /** @param proxyFor the proxy URL for a target URL, or null to go direct */
    SocksRoutes(Function<URI, URI> proxyFor) {
        this.proxyFor = proxyFor;
    }

    static boolean isSocks(URI proxy) {
        return proxy != null && Proxies.toProxy(proxy).type() == Proxy.Type.SOCKS;
    }

    /** The proxy selector to give OkHttp: SOCKS proxies become direct routes that the sockets tunnel. */
    ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                URI p = proxyFor.apply(uri);
                if (p == null) {
                    return List.of(Proxy.NO_PROXY);
                }
                if (!isSocks(p)) {
                    return List.of(Proxies.toProxy(p));
                }
                if (uri.getHost() == null) {
                    return List.of(Proxy.NO_PROXY);
                }
                String host = unbracket(uri.getHost());
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                byEndpoint.put(key(host, port), new Route(p, host));
                names.add(host.toLowerCase(Locale.ROOT));
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // nothing to remember: the error reaches the caller
            }
        };
    }

    /** DNS that leaves names routed through a SOCKS proxy to the proxy: a placeholder address that carries the name. */
    Dns dns() {
        return hostname -> {
            if (names.contains(hostname.toLowerCase(Locale.ROOT))) {
                return List.of(InetAddress.getByAddress(hostname, new byte[4]));
            }
            return Dns.SYSTEM.lookup(hostname);
        };
    }

    /** The SOCKS route for a socket's endpoint, or null when it connects directly. */
    Route route(InetSocketAddress endpoint) {
        return byEndpoint.get(key(endpoint.getHostString(), endpoint.getPort()));
    }

    private static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0) {
            try {
                h = InetAddress.getByName(h).getHostAddress(); // one spelling for an IPv6 literal; no lookup for a literal
            } catch (UnknownHostException e) {
                // not a literal after all: keep it as written
            }
        }
        return h + ":" + port;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
