package org.fleetagent.tls;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Ready-to-use TLS for one peer.
 *
 * @param socketFactory    sockets with the trust, pins and client certificate
 * @param trustManager     the trust manager (OkHttp needs it beside the factory)
 * @param hostnameVerifier checks the host name in {@code full} and {@code strict} modes, accepts any otherwise
 * @param checksHostname   whether the mode checks host names (the proxy hop enables JDK endpoint identification)
 */
public record TlsContext(SSLSocketFactory socketFactory, X509TrustManager trustManager, HostnameVerifier hostnameVerifier,
                         boolean checksHostname) {
}
