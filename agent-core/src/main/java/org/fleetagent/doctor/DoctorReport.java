package org.fleetagent.doctor;

import java.net.URI;
import java.util.List;
import org.fleetagent.errors.ExitCode;

/**
 * What {@code doctor} found on the path to one Fleet Server.
 *
 * @param target       the Fleet Server URL checked
 * @param proxy        the proxy on the path, without credentials, or empty for a direct connection
 * @param hops         the hops in order; after the first failure the rest are skipped
 * @param certificates the certificates on the path with their days left: the chain the server sent, the CA
 *                     that verified it, the client certificate
 * @param policy       the policy whose outputs and artifact source were checked after Fleet, or empty when none was
 */
public record DoctorReport(URI target, String proxy, List<Hop> hops, List<CertificateFacts> certificates, String policy) {
    public DoctorReport {
        hops = List.copyOf(hops);
        certificates = List.copyOf(certificates);
    }

    /** The exit code of the first failing hop, or OK. */
    public ExitCode exitCode() {
        return hops.stream().filter(Hop::failed).map(Hop::code).findFirst().orElse(ExitCode.OK);
    }
}
