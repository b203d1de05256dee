package org.fleetagent.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Protocol;

/**
 * Follows one call's connection through a proxy: from the connect to the proxy until the tunnel is open (OkHttp
 * starts the TLS with the destination, or the connection is up) the proxy is the peer. A failure in that stretch,
 * be it a reset, a timeout or an answer that is no tunnel, gets a {@link TunnelPending} naming the proxy, so that
 * the error names the hop that failed rather than the destination behind it.
 */
final class TunnelWatch extends EventListener {
    private final Map<String, URI> httpProxies;
    private final SocksRoutes socks;
    private volatile URI pending;
    private volatile IOException connectFailure;

    /**
     * @param httpProxies the client's HTTP(S) proxies, keyed {@code host:port} as in {@link ProxySocketFactory#key}
     * @param socks       the client's SOCKS5 routes, or null
     */
    TunnelWatch(Map<String, URI> httpProxies, SocksRoutes socks) {
        this.httpProxies = httpProxies;
        this.socks = socks;
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        pending = proxyOf(address, proxy);
    }

    @Override
    public void secureConnectStart(Call call) {
        pending = null; // the tunnel is open: the TLS from here is the destination's
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        pending = null;
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException ioe) {
        if (pending != null) {
            connectFailure = ioe;
        }
        mark(ioe);
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        IOException connect = connectFailure;
        if (connect != null && connect != ioe && !causes(ioe, connect)) {
            ioe.addSuppressed(connect); // a timeout's exception may not hold the hop's own failure as its cause
        }
        mark(ioe);
    }

    private static boolean causes(Throwable e, Throwable cause) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t == cause) {
                return true;
            }
        }
        return false;
    }

    private void mark(IOException ioe) {
        URI p = pending;
        if (p == null) {
            return;
        }
        for (Throwable s : ioe.getSuppressed()) {
            if (s instanceof TunnelPending) {
                return;
            }
        }
        ioe.addSuppressed(new TunnelPending(p));
    }

    private URI proxyOf(InetSocketAddress address, Proxy proxy) {
        if (proxy != null && proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress a) {
            return httpProxies.get(ProxySocketFactory.key(a.getHostString(), a.getPort()));
        }
        SocksRoutes.Route route = socks == null || address == null ? null : socks.route(address);
        return route == null ? null : route.proxy();
    }
}
