package org.fleetagent.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleetagent.doctor.DoctorRequest;
import org.fleetagent.doctor.PolicyTargets;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.TransportSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The connection flags of {@code doctor}: the same option groups as {@code enroll}, read into one request. */
public final class DoctorFlags {
    @Mixin
    FleetTargetOptions target;

    @Mixin
    FleetTlsOptions tls;

    @Mixin
    ClientCertOptions clientCert;

    @Mixin
    ProxyOptions proxy;

    @Option(names = "--connect-timeout", order = 60, converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "10s",
            description = "The longest each TCP connect may take (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /** The destinations after Fleet: the applied policy's of an enrolled agent; none to read with --url (not enrolled). */
    PolicyTargets after(AgentPaths paths) {
        return target.hasUrl() ? PolicyTargets.notEnrolled() : PolicyTargets.installed(paths, connectTimeout);
    }

    /** The flags' request, or the enrolled agent's settings when no --url is given. */
    DoctorRequest request(Usage u, AgentPaths paths) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw u.error("--connect-timeout must be positive (got " + connectTimeout + ")");
        }
        if (!target.hasUrl()) {
            return DoctorRequest.installed(paths, connectTimeout);
        }
        tls.validateFiles(u);
        clientCert.validateFiles(u);
        proxy.validateFiles(u);
        tls.validateMode(u);
        clientCert.validatePairs(u);
        target.validate(u);
        proxy.validate(u);
        tls.validatePins(u);
        VerificationMode mode = tls.mode();
        TlsSettings fleetTls = clientCert.tls(List.copyOf(tls.certificateAuthorities), tls.pins(u), mode);
        TransportSettings transport = new TransportSettings(fleetTls, proxy.settings(u, fleetTls), Duration.ofSeconds(2), connectTimeout);
        return new DoctorRequest(FlagValues.parseUri(u, "--url", target.url), transport, Map.copyOf(target.headers()), "flags");
    }
}
