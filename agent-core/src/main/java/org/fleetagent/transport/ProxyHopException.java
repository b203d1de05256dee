package org.fleetagent.transport;

import java.io.IOException;

/** A failure on the TLS hop to an {@code https://} proxy, so that errors name the proxy, not Fleet. */
public final class ProxyHopException extends IOException {
    private final String proxy;

    ProxyHopException(String proxy, IOException cause) {
        super("TLS to the proxy " + proxy + " failed: " + cause.getMessage(), cause);
        this.proxy = proxy;
    }

    /** The proxy URL, without credentials. */
    public String proxy() {
        return proxy;
    }
}
