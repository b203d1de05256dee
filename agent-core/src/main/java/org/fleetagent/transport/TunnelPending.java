package org.fleetagent.transport;

import java.io.IOException;
import java.net.URI;

/**
 * Attached (as a suppressed exception) to a call's failure when the connection was still on its way through a proxy,
 * before the tunnel to the destination was open: the failure is then the proxy's, whatever the exception says, and
 * {@link TransportErrors} names the proxy instead of Fleet Server.
 */
public final class TunnelPending extends IOException {
    private final transient URI proxy;

    TunnelPending(URI proxy) {
        super("the tunnel through the proxy was not open yet");
        this.proxy = proxy;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a marker: where it was made says nothing
    }

    /** The proxy URL, with its credentials: print {@link #label()}. */
    URI proxy() {
        return proxy;
    }

    /** The proxy URL without credentials. */
    public String label() {
        return Proxies.redact(proxy);
    }
}
