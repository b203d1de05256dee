package org.fleetagent.tls;

import java.security.cert.X509Certificate;
import java.util.List;
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

    /** The trusted CA that issued the top of {@code chain} (or is its top), or null when none of them did. */
    public X509Certificate anchorOf(List<X509Certificate> chain) {
        X509Certificate top = chain.getLast();
        for (X509Certificate a : trustManager.getAcceptedIssuers()) {
            if (a.equals(top) || a.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
                return a;
            }
        }
        return null;
    }
}
