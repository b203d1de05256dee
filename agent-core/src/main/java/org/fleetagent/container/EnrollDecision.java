package org.fleetagent.container;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.fleet.FleetApiException;
import org.fleetagent.install.Enrollment;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.store.TokenHash;

/**
 * Whether the container entrypoint enrolls, and why (§5.4 of the reference, logged every start so that an
 * operator can tell a first enrollment from a re-enrollment and from a kept identity). The stored identity is
 * proven before it is kept: same agent id, same Fleet URL and protocol, the same enrollment token, and an empty
 * ack that Fleet accepts with the stored API key. A network failure keeps the enrollment.
 *
 * @param enroll whether to enroll
 * @param reason why, in one line
 */
public record EnrollDecision(boolean enroll, String reason) {
    /**
     * Whether an agent that Fleet no longer accepts (unenrolled in Kibana, key revoked) enrolls again on start while
     * its token is still in the environment: true by default, as the original since 8.18; false keeps it out.
     */
    public static final String REENROLL_REVOKED = "ELASTIC_AGENT_REENROLL_REVOKED";

    /** Decides for the agent at {@code paths} with the container's environment. */
    public static EnrollDecision decide(ContainerEnv env, AgentPaths paths, Map<String, String> rawEnv) {
        if (!env.enroll()) {
            return new EnrollDecision(false, "FLEET_ENROLL and FLEET_SERVER_ENABLE are not set: running with the configuration in " + paths.configFile());
        }
        if (env.force()) {
            return new EnrollDecision(true, "FLEET_FORCE is set: enrolling again");
        }
        if (!Files.exists(paths.fleetEnc())) {
            return new EnrollDecision(true, "no enrollment is stored in " + paths.fleetEnc() + " (first start, or a state volume that is not persisted)");
        }
        FleetConfig doc;
        try {
            doc = new FleetConfigStore(paths).read();
        } catch (RuntimeException e) {
            return new EnrollDecision(true, "the stored enrollment cannot be read (" + e.getMessage() + "): enrolling again");
        }
        Optional<Enrollment> stored = Enrollment.read(paths);
        if (stored.isEmpty()) {
            return new EnrollDecision(true, "the stored configuration is not a Fleet enrollment: enrolling");
        }
        Enrollment e = stored.get();
        Optional<String> wantedId = env.agentId();
        if (wantedId.isPresent() && !wantedId.get().equals(e.agentId())) {
            return new EnrollDecision(true, "ELASTIC_AGENT_ID is " + wantedId.get() + " but the stored agent is " + e.agentId() + ": enrolling again");
        }
        if (e.hosts().isEmpty()) {
            return new EnrollDecision(true, "the stored enrollment has no Fleet host: enrolling again");
        }
        Optional<String> expected = env.expectedUrl();
        if (expected.isPresent()) {
            URI want = URI.create(expected.get());
            if (!e.enrolledInto(want) && e.hosts().stream().noneMatch(h -> sameHost(h, want))) {
                return new EnrollDecision(true, "FLEET_URL changed: the agent is enrolled into " + e.hosts().getFirst() + ", FLEET_URL is " + want
                        + ": enrolling again");
            }
            if (e.hosts().stream().noneMatch(h -> String.valueOf(h.getScheme()).equalsIgnoreCase(want.getScheme()))) {
                return new EnrollDecision(true, "the protocol changed (" + e.hosts().getFirst().getScheme() + " to " + want.getScheme() + "): enrolling again");
            }
        }
        String storedHash = doc.fleet().enrollmentTokenHash();
        Optional<String> token = env.enrollmentToken();
        if (token.isPresent() && storedHash != null && !String.valueOf(storedHash).isEmpty()
                && !TokenHash.matches(token.get(), String.valueOf(storedHash))) {
            return new EnrollDecision(true, "FLEET_ENROLLMENT_TOKEN is not the token the agent was enrolled with: enrolling again");
        }
        if (env.fleetServerEnabled()) {
            // its Fleet Server starts with the daemon, after this decision: there is nobody to ask yet
            return new EnrollDecision(false, "agent " + e.agentId() + " is enrolled into its own Fleet Server (" + e.hosts().getFirst()
                    + "), which starts with the daemon: keeping the enrollment");
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                e.client(rawEnv).ack(e.agentId(), e.accessApiKey(), List.of(), Duration.ofSeconds(10));
                return new EnrollDecision(false, "agent " + e.agentId() + " is enrolled into " + e.hosts().getFirst()
                        + " and Fleet accepts its API key: keeping the enrollment");
            } catch (FleetApiException ex) {
                if (ex.status() == 401) {
                    if (!ContainerEnv.isTrue(rawEnv.getOrDefault(REENROLL_REVOKED, "true"))) {
                        return new EnrollDecision(false, "Fleet rejects the stored API key of agent " + e.agentId()
                                + " (401: it was unenrolled or its key revoked) and " + REENROLL_REVOKED + " is false: staying unenrolled");
                    }
                    return new EnrollDecision(true, "Fleet rejects the stored API key of agent " + e.agentId()
                            + " (401: it was unenrolled or its key revoked): enrolling again (" + REENROLL_REVOKED + "=false keeps it unenrolled)");
                }
            } catch (IOException | RuntimeException ex) {
                // network trouble keeps the enrollment; try again shortly
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new EnrollDecision(false, "agent " + e.agentId() + " is enrolled into " + e.hosts().getFirst()
                + "; Fleet could not be asked to confirm its API key (network), so the enrollment is kept");
    }

    private static boolean sameHost(URI stored, URI want) {
        // the real agent also accepts FLEET_URL given as the host only
        return want.getPath() != null && (want.getPath().isEmpty() || want.getPath().equals("/"))
                && want.getHost() != null && want.getHost().equalsIgnoreCase(stored.getHost())
                && (want.getPort() == -1 || want.getPort() == stored.getPort())
                && String.valueOf(want.getScheme()).equalsIgnoreCase(stored.getScheme());
    }
}
