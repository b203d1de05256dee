package org.fleetagent.transport;

import java.io.IOException;

/** A failure on the TLS hop to an {@code https://} proxy, so that errors name the proxy, not Fleet. */
public final class ProxyHopException extends IOException {
    private final String proxy;
    private final boolean inHandshake;

    /** @param inHandshake the TLS handshake with the proxy had not finished */
    ProxyHopException(String proxy, IOException cause, boolean inHandshake) {
        super("TLS to the proxy " + proxy + " failed: " + cause.getMessage(), cause);
        this.proxy = proxy;
        this.inHandshake = inHandshake;
    }

    /** The proxy URL, without credentials. */
    public String proxy() {
        return proxy;
    }

    /** Whether the TLS handshake with the proxy had not finished: the proxy may not speak TLS at all. */
    public boolean inHandshake() {
        return inHandshake;
    }
}
