package org.fleetagent.doctor;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fleetagent.tls.CertificateExpiry;
import org.fleetagent.tls.Pin;

/**
 * What an operator needs to know about one certificate on the path.
 *
 * @param role     which certificate: "Fleet Server certificate", "Fleet CA", "client certificate", "sent by the server"
 * @param subject  its subject
 * @param issuer   its issuer
 * @param names    its DNS and IP subject alternative names
 * @param notAfter the end of its validity
 * @param daysLeft whole days until it expires (negative once expired)
 * @param pin      the SHA-256 of its public key in the real agent's {@code ca_sha256} form
 */
public record CertificateFacts(String role, String subject, String issuer, List<String> names, Instant notAfter, long daysLeft,
                               String pin) {
    public CertificateFacts {
        names = List.copyOf(names);
    }

    static CertificateFacts of(String role, X509Certificate c, Clock clock) {
        Instant end = c.getNotAfter().toInstant();
        return new CertificateFacts(role, c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(), names(c), end,
                CertificateExpiry.daysLeft(end, clock.instant()), Pin.of(c).base64());
    }

    private static List<String> names(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            out.add("(unreadable subject alternative names)");
        }
        return out;
    }
}
