package org.fleetagent.tls;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Server-side TLS contexts of a {@link SelfSignedAuthority} for loopback servers in unit tests. */
public final class ServerContexts {
    private ServerContexts() {
    }

    /** @param sendCa whether the chain sent ends with the CA (as Elasticsearch's usually does), not only the leaf */
    public static SSLContext of(SelfSignedAuthority a, boolean sendCa) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<Certificate> chain = new ArrayList<>(Pem.certificates(sendCa ? a.certPem() + a.caPem() : a.certPem(), "server certificate"));
        ks.setKeyEntry("server", Pem.privateKey(a.keyPem(), null, "server key"), new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
