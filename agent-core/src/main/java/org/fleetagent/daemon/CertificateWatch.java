package org.fleetagent.daemon;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.fleetagent.control.CertificateState;
import org.fleetagent.control.StateHub;
import org.fleetagent.errors.AgentException;
import org.fleetagent.tls.CertificateExpiry;
import org.fleetagent.tls.Pem;
import org.fleetagent.tls.TlsContexts;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;

/**
 * The certificates on the path to Fleet, checked before every check-in: the client certificate of the TLS
 * settings in use, the Fleet Server's leaf as the last TLS connection received it, and the configured CA that
 * verified it. Each check puts their days left into the agent's state, logs the warnings due (30, 7 and 1 days
 * before, and at expiry, each once) and makes the agent DEGRADED, naming the certificate, once one has expired.
 */
final class CertificateWatch {
    private static final Logger LOG = Logger.getLogger(CertificateWatch.class.getName());

    private final StateHub hub;
    private final CertificateExpiry expiry;
    private TlsSettings settings;
    private List<X509Certificate> serverChain = List.of();
    /** What {@link #certificates()} found for the settings and chain: files and trust stores are read once, not per check-in. */
    private Map<String, X509Certificate> watched;

    /** @param expiry the days left and warnings given so far, kept across restarts of the check-in loop so none is repeated */
    CertificateWatch(TlsSettings settings, StateHub hub, CertificateExpiry expiry) {
        this.settings = settings;
        this.hub = hub;
        this.expiry = expiry;
        this.watched = certificates();
    }

    /** Records the chain a Fleet Server sent (leaf first) on a connection made with {@code used}; checks again when it is new. */
    void serverChain(TlsSettings used, List<X509Certificate> chain) {
        synchronized (this) {
            if (used.equals(settings) && chain.equals(serverChain)) {
                return;
            }
            settings = used;
            serverChain = List.copyOf(chain);
            watched = certificates();
        }
        check();
    }

    /** Checks every certificate known now: the agent's state gets their days left, the log the warnings due. */
    synchronized void check() {
        List<CertificateState> states = new ArrayList<>();
        watched.forEach((role, c) -> {
            String subject = c.getSubjectX500Principal().getName();
            states.add(new CertificateState(role, subject, c.getNotAfter().toInstant().toString(), expiry.daysLeft(c)));
            expiry.due(role, c.getSerialNumber().toString(16) + "/" + c.getIssuerX500Principal().getName(), subject,
                    c.getNotAfter().toInstant()).ifPresent(w -> LOG.warning(w.message()));
        });
        hub.update(s -> Components.summarized(s.withCertificates(states)));
    }

    /** The certificates by role, in the order status shows them: CA, Fleet Server, client. */
    private Map<String, X509Certificate> certificates() {
        Map<String, X509Certificate> out = new LinkedHashMap<>();
        if (!serverChain.isEmpty() && settings.verificationMode() != VerificationMode.NONE) {
            try {
                TlsSettings trust = new TlsSettings(settings.certificateAuthorities(), settings.caSha256(), settings.verificationMode(),
                        null, null, null);
                X509Certificate anchor = TlsContexts.build(trust, "the Fleet Server").anchorOf(serverChain);
                if (anchor != null) {
                    out.put(CertificateExpiry.FLEET_CA, anchor);
                }
            } catch (AgentException e) {
                // unreadable CA files: the check-in reports them; there is no CA to watch
            }
        }
        if (!serverChain.isEmpty()) {
            out.put(CertificateExpiry.FLEET_SERVER, serverChain.getFirst());
        }
        if (settings.certificate() != null) {
            try {
                out.put(CertificateExpiry.CLIENT, Pem.certificates(settings.certificate(), "the client certificate").getFirst());
            } catch (AgentException e) {
                // an unreadable client certificate fails the connection, which says so
            }
        }
        return out;
    }
}
