package org.fleetagent.transport;

import java.net.URI;
import java.util.Map;
import org.fleetagent.tls.TlsSettings;

/**
 * The proxy of a connection.
 *
 * @param url      {@code http://}, {@code https://} (TLS to the proxy) or {@code socks5://} URL, user info as
 *                 proxy credentials; null to use the environment
 * @param headers  headers sent on every CONNECT ({@code --proxy-header})
 * @param disabled no proxy at all, the environment included ({@code --proxy-disabled})
 * @param proxyTls TLS to an {@code https://} proxy; null means the same CAs and client certificate as Fleet
 */
public record ProxySettings(URI url, Map<String, String> headers, boolean disabled, TlsSettings proxyTls) {
    public ProxySettings {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** No explicit proxy: the environment decides. */
    public static ProxySettings fromEnvironment() {
        return new ProxySettings(null, Map.of(), false, null);
    }

    @Override
    public String toString() {
        return "ProxySettings[url=" + (url == null ? null : Proxies.redact(url)) + ", headers=" + headers.keySet()
                + ", disabled=" + disabled + "]";
    }
}
