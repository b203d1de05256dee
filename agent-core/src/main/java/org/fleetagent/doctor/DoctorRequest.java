package org.fleetagent.doctor;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.install.Enrollment;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.transport.TransportSettings;

/**
 * What {@code doctor} checks: a Fleet Server URL and the connection settings to reach it, either from the same
 * flags as {@code enroll} or from an enrolled agent's fleet.enc.
 *
 * @param url       the Fleet Server URL
 * @param transport TLS, proxy and connect timeout
 * @param headers   headers sent to Fleet
 * @param source    where the settings came from, for the output: "flags" or the fleet.enc path
 */
public record DoctorRequest(URI url, TransportSettings transport, Map<String, String> headers, String source) {
    public DoctorRequest {
        headers = Map.copyOf(headers);
    }

    /** The settings of the agent enrolled at {@code paths}; a failure naming the fix when it is not enrolled. */
    public static DoctorRequest installed(AgentPaths paths, Duration connectTimeout) {
        Optional<Enrollment> e = Enrollment.read(paths);
        if (e.isEmpty()) {
            throw new AgentException(ExitCode.USAGE, "this agent is not enrolled (no readable " + paths.fleetEnc()
                    + "): give the Fleet Server with --url and the same connection flags as enroll");
        }
        return of(e.get().connection(), connectTimeout, paths.fleetEnc().toString());
    }

    /** The check of a stored (or about to be stored) connection's first host. */
    public static DoctorRequest of(FleetConnection c, Duration connectTimeout, String source) {
        return new DoctorRequest(c.primary(), new TransportSettings(c.tls(), c.proxy(), Duration.ofSeconds(2), connectTimeout), c.headers(), source);
    }
}
