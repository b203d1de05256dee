package org.fleetagent.transport;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy a connection to one target goes through, decided by the same precedence as {@link HttpClientFactory}
 * (disabled, then explicit, then the environment), for tools that walk the path hop by hop ({@code doctor}).
 *
 * @param url     the proxy URL (with its credentials; print {@link #label()})
 * @param host    the proxy host
 * @param port    the proxy port (the scheme's default when the URL has none)
 * @param socks   a SOCKS5 proxy
 * @param tls     an {@code https://} proxy (TLS to the proxy)
 * @param headers headers to send on every CONNECT
 */
public record ProxyRoute(URI url, String host, int port, boolean socks, boolean tls, Map<String, String> headers) {

    /** The proxy for {@code target}, or empty for a direct connection. */
    public static Optional<ProxyRoute> of(TransportSettings s, URI target, Map<String, String> env) {
        ProxySettings p = s.proxy();
        if (p.disabled()) {
            return Optional.empty();
        }
        URI url = p.url() != null ? p.url() : new EnvironmentProxySelector(env).proxyFor(target);
        if (url == null) {
            return Optional.empty();
        }
        Proxy jp = Proxies.toProxy(url);
        InetSocketAddress a = (InetSocketAddress) jp.address();
        return Optional.of(new ProxyRoute(url, a.getHostString(), a.getPort(), jp.type() == Proxy.Type.SOCKS, Proxies.isTls(url),
                p.headers()));
    }

    /** The URL without credentials, for output. */
    public String label() {
        return Proxies.redact(url);
    }

    /** {@code Basic ...} from the URL's user info, or null. */
    public String basicCredentials() {
        return Proxies.basicCredentials(url);
    }

    @Override
    public String toString() {
        return "ProxyRoute[" + label() + "]";
    }
}
