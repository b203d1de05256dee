package org.fleetagent.transport;

import java.net.Proxy;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.fleetagent.tls.TlsContext;
import org.fleetagent.tls.TlsContexts;
import org.fleetagent.tls.TlsSettings;

/**
 * The agent's one transport: builds every HTTP client from a {@link TransportSettings}.
 *
 * <p>Proxy precedence, as the real agent: {@code disabled} means no proxy at all, the environment included; an
 * explicit proxy URL applies to every destination, loopback included; otherwise the environment decides
 * ({@link EnvironmentProxySelector}). An {@code https://} proxy gets TLS with its own settings, by default the
 * Fleet CAs and client certificate (a secure proxy gateway sees the agent's certificate, and so does Fleet
 * inside the tunnel). Proxy credentials come from the proxy URL's user info; {@code --proxy-header} values are
 * sent on every CONNECT. SOCKS5 proxies are spoken to by this client's own sockets ({@link SocksRoutes}), so their
 * credentials stay with the client.
 */
public final class HttpClientFactory {
    private final Map<String, String> env;

    /** @param env the process environment (proxy variables are read from it, never from the JVM) */
    public HttpClientFactory(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public OkHttpClient create(TransportSettings s) {
        return builder(s, false).build();
    }

    /**
     * A client that also hands {@code serverChain} the chain the server sent (leaf first) before each request on a
     * TLS connection: read from the connection's TLS session, since OkHttp's own handshake record cleans the chain
     * with the trusted issuers, which the agent does not give it, and so holds none. An expired client certificate
     * is still sent: the watcher names it in the status, and the peer's refusal is the request's error.
     */
    public OkHttpClient create(TransportSettings s, Consumer<List<X509Certificate>> serverChain) {
        return builder(s, true).addNetworkInterceptor(chain -> {
            if (chain.connection() != null && chain.connection().socket() instanceof SSLSocket ssl) {
                List<X509Certificate> seen = new ArrayList<>();
                try {
                    for (Certificate c : ssl.getSession().getPeerCertificates()) {
                        if (c instanceof X509Certificate x) {
                            seen.add(x);
                        }
                    }
                } catch (SSLPeerUnverifiedException e) {
                    seen.clear(); // verification none with an anonymous suite: nothing to record
                }
                if (!seen.isEmpty()) {
                    serverChain.accept(List.copyOf(seen));
                }
            }
            return chain.proceed(chain.request());
        }).build();
    }

    private OkHttpClient.Builder builder(TransportSettings s, boolean sendExpired) {
        TlsContext fleetTls = TlsContexts.build(s.tls(), "the Fleet Server", sendExpired);
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .sslSocketFactory(fleetTls.socketFactory(), new PinlessTrust(fleetTls.trustManager()))
                .hostnameVerifier(fleetTls.hostnameVerifier())
                .connectTimeout(s.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(s.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(s.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false);
        if (ExchangeLog.enabled(env)) {
            b.addInterceptor(new ExchangeLog());
        }
        ProxySettings p = s.proxy();
        List<URI> proxies;
        SocksRoutes socks = null;
        if (p.disabled()) {
            b.proxy(Proxy.NO_PROXY);
            proxies = List.of();
        } else if (p.url() != null) {
            proxies = List.of(p.url());
            if (SocksRoutes.isSocks(p.url())) {
                socks = new SocksRoutes(target -> p.url());
            } else {
                b.proxy(Proxies.toProxy(p.url()));
            }
        } else {
            EnvironmentProxySelector selector = new EnvironmentProxySelector(env);
            proxies = selector.proxies();
            if (proxies.stream().anyMatch(SocksRoutes::isSocks)) {
                socks = new SocksRoutes(selector::proxyFor);
            } else {
                b.proxySelector(selector);
            }
        }
        if (socks != null) {
            b.proxySelector(socks.selector()).dns(socks.dns());
        }
        Map<String, ProxySocketFactory.TlsHop> hops = new HashMap<>();
        Map<String, String> credentials = new HashMap<>();
        Map<String, URI> httpProxies = new HashMap<>();
        for (URI proxy : proxies) {
            Proxy jp = Proxies.toProxy(proxy);
            java.net.InetSocketAddress a = (java.net.InetSocketAddress) jp.address();
            String key = ProxySocketFactory.key(a.getHostString(), a.getPort());
            if (jp.type() == Proxy.Type.HTTP) {
                httpProxies.put(key, proxy);
            }
            if (Proxies.isTls(proxy)) {
                TlsSettings hopTls = p.proxyTls() != null ? p.proxyTls() : s.tls();
                hops.put(key, new ProxySocketFactory.TlsHop(a.getHostString(), a.getPort(), Proxies.redact(proxy),
                        TlsContexts.build(hopTls, "the proxy " + Proxies.redact(proxy))));
            }
            String creds = Proxies.basicCredentials(proxy);
            if (creds != null && jp.type() == Proxy.Type.HTTP) {
                credentials.put(key, creds);
            }
        }
        if (!hops.isEmpty() || socks != null) {
            b.socketFactory(new ProxySocketFactory(hops, socks));
        }
        if (!proxies.isEmpty()) {
            SocksRoutes routes = socks;
            Map<String, URI> byEndpoint = Map.copyOf(httpProxies);
            b.eventListenerFactory(call -> new TunnelWatch(byEndpoint, routes))
                    .fastFallback(false); // the proxy hop on the call's own thread: its failure is the cause of the call's
        }
        Map<String, String> connectHeaders = p.headers();
        if (!credentials.isEmpty() || !connectHeaders.isEmpty()) {
            b.proxyAuthenticator((route, response) -> {
                boolean preemptive = "OkHttp-Preemptive".equalsIgnoreCase(response.header("Proxy-Authenticate"));
                Request req = response.request();
                java.net.InetSocketAddress a = (java.net.InetSocketAddress) route.proxy().address();
                String creds = credentials.get(ProxySocketFactory.key(a.getHostString(), a.getPort()));
                if (!preemptive && (creds == null || req.header("Proxy-Authorization") != null)) {
                    return null; // no credentials, or the proxy refused them: fail with the proxy's 407
                }
                Request.Builder rb = req.newBuilder();
                connectHeaders.forEach(rb::header);
                if (creds != null) {
                    rb.header("Proxy-Authorization", creds);
                }
                return rb.build();
            });
        }
        return b;
    }

    /**
     * The trust manager handed to OkHttp. OkHttp asks it for its accepted issuers when the client is built, only
     * for OkHttp's own certificate pinning, which the agent does not use (pins are checked by the agent's trust
     * manager inside the TLS handshake); answering "none" keeps the system's trust store unloaded until a TLS
     * connection needs it. The checks themselves are the agent's.
     */
    private static final class PinlessTrust implements javax.net.ssl.X509TrustManager {
        private final javax.net.ssl.X509TrustManager trust;

        PinlessTrust(javax.net.ssl.X509TrustManager trust) {
            this.trust = trust;
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
