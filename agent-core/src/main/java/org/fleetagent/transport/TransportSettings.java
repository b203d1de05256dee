package org.fleetagent.transport;

import java.time.Duration;
import org.fleetagent.tls.TlsSettings;

/**
 * Everything the one transport needs to build a client.
 *
 * @param tls            TLS to the server
 * @param proxy          the proxy
 * @param timeout        the longest a request may wait for data (the real agent: 10 min for Fleet)
 * @param connectTimeout the longest a TCP connect may take
 */
public record TransportSettings(TlsSettings tls, ProxySettings proxy, Duration timeout, Duration connectTimeout) {
    public TransportSettings {
        tls = tls == null ? TlsSettings.defaults() : tls;
        proxy = proxy == null ? ProxySettings.fromEnvironment() : proxy;
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
    }
}
