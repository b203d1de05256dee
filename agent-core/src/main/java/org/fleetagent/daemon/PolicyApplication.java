package org.fleetagent.daemon;

import java.io.IOException;
import java.util.logging.Logger;
import org.fleetagent.component.Policy;
import org.fleetagent.fleetserver.LocalFleetServer;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;

/**
 * Policy application: a Fleet policy (plus the local Fleet Server, when this agent runs one) becomes the running
 * components, and the last applied policy is kept encrypted in {@code <data>/state.enc}, so that a restart or a
 * crash runs its components again at once.
 */
final class PolicyApplication {
    private static final Logger LOG = Logger.getLogger(PolicyApplication.class.getName());

    private final AgentPaths paths;
    private final Components components;
    private volatile FleetConfig.FleetServer localServer;
    private volatile String agentId = "";

    PolicyApplication(AgentPaths paths, Components components) {
        this.paths = paths;
        this.components = components;
    }

    /** Not enrolled: components of an earlier configuration stop (a failed bootstrap put the old one back). */
    void none() {
        localServer = null;
        agentId = "";
        components.apply(LocalFleetServer.policy(null, null), "");
    }

    /** Bootstrapping a local Fleet Server: it runs alone, until the enroller gives the agent an identity. */
    void bootstrap(FleetConfig.FleetServer server) {
        localServer = server;
        agentId = "";
        components.apply(LocalFleetServer.policy(server, null), "");
    }

    /**
     * Enrolled: the policy in force before a restart or a crash runs again at once (with the local Fleet Server, if
     * any); without one, the local Fleet Server alone.
     *
     * @param server the {@code fleet.server} block, or null
     * @return the stored policy, or null when there is none
     */
    Policy resume(FleetConfig.FleetServer server, String agentId) {
        localServer = server;
        this.agentId = agentId;
        Policy last = lastPolicy();
        if (last != null || server != null) {
            components.apply(LocalFleetServer.policy(server, last), agentId);
        }
        return last;
    }

    /** @return null when applied, else why it was not (for the ack) */
    String apply(Policy policy) {
        components.apply(LocalFleetServer.policy(localServer, policy), agentId);
        try {
            new LastPolicy(paths).save(policy);
        } catch (IOException e) {
            return "the policy was applied but could not be stored: " + e.getMessage();
        }
        LOG.info("applied policy " + (policy.id() == null ? "" : policy.id()) + " revision "
                + (policy.revision() == null ? "" : policy.revision()));
        return null;
    }

    private Policy lastPolicy() {
        try {
            return new LastPolicy(paths).read();
        } catch (IOException | RuntimeException e) {
            LOG.warning("ignoring the stored policy in " + paths.data().resolve("state.enc") + ": " + e.getMessage());
            return null;
        }
    }
}
