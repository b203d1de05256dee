package org.fleetagent.enrollment;

import java.net.URI;
import org.fleetagent.bootstrap.FleetServerOptions;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollRetry;

/**
 * Everything one enrollment needs, already validated: what {@code enroll} and {@code install} build from their
 * flags and {@code container} from its environment. The single input of {@link EnrollmentService}.
 *
 * @param fleet        the enrollment into Fleet: the remote Fleet Server's, or, when bootstrapping, the local one's
 * @param fleetServer  the Fleet Server to bootstrap ({@code --fleet-server-*}), or null to enroll into a remote one
 * @param publicUrl    with a bootstrap: the URL other agents reach this Fleet Server at ({@code --url}), or null
 * @param force        replace an existing enrollment without asking ({@code --force}, implied by install and container)
 * @param delay        store the enrollment encrypted and let the daemon run it on its first start ({@code --delay-enroll})
 * @param reloadDaemon restart a daemon already running from these paths onto the new enrollment
 *                     (not with {@code --skip-daemon-reload}, install or container)
 * @param retry        how a remote enrollment waits for a Fleet Server that is not reachable yet
 */
public record EnrollmentSettings(EnrollOptions fleet, FleetServerOptions fleetServer, URI publicUrl, boolean force, boolean delay,
                                 boolean reloadDaemon, EnrollRetry retry) {

    /** The same enrollment as a container under an orchestrator runs it ({@link EnrollRetry#ORCHESTRATED}). */
    public EnrollmentSettings orchestrated() {
        return new EnrollmentSettings(fleet, fleetServer, publicUrl, force, delay, reloadDaemon, EnrollRetry.ORCHESTRATED);
    }

    /** Whether this enrollment bootstraps a local Fleet Server. */
    public boolean bootstrapsFleetServer() {
        return fleetServer != null;
    }
}
