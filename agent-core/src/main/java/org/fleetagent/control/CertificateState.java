package org.fleetagent.control;

import java.util.Map;
import org.fleetagent.json.Json;

/**
 * One certificate on the path to Fleet as the daemon last checked it, for {@code status}: an addition of this
 * agent, the real control protocol has no such member.
 *
 * @param role     {@code Fleet CA}, {@code Fleet Server certificate} or {@code client certificate}
 * @param subject  its subject
 * @param notAfter the end of its validity, RFC 3339
 * @param daysLeft whole days left when the daemon last checked (negative once expired)
 */
public record CertificateState(String role, String subject, String notAfter, long daysLeft) {
    public CertificateState {
        role = role == null ? "" : role;
        subject = subject == null ? "" : subject;
        notAfter = notAfter == null ? "" : notAfter;
    }

    /** Whether it has expired. */
    public boolean expired() {
        return daysLeft < 0;
    }

    /** As the control protocol and {@code status --output json} send it. */
    public Map<String, Object> toJson() {
        return Json.tree(StateWire.CertificateWire.of(this));
    }
}
