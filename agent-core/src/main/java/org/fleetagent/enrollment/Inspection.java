package org.fleetagent.enrollment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.Policy;
import org.fleetagent.config.Redaction;
import org.fleetagent.daemon.LastPolicy;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;

/** The configuration an enrolled agent runs with, decrypted from fleet.enc, for {@code inspect}. */
public final class Inspection {
    private final AgentPaths paths;

    public Inspection(AgentPaths paths) {
        this.paths = paths;
    }

    /** The decrypted configuration, secrets redacted unless {@code showSecrets}; a failure when not enrolled. */
    public Map<String, Object> configuration(boolean showSecrets) {
        Map<String, Object> doc = new FleetConfigStore(paths).load();
        if (doc.isEmpty()) {
            throw new AgentException(ExitCode.FAILURE, "this agent is not enrolled: no configuration in " + paths.fleetEnc()
                    + "; run elastic-agent enroll first");
        }
        return showSecrets ? new LinkedHashMap<>(doc) : Redaction.redact(doc);
    }

    /**
     * Where each connection setting in force came from and why it won ({@code inspect --explain}).
     *
     * @param env the environment of this process: its proxy variables are a hint of what the daemon uses
     */
    public Explanation explain(Map<String, String> env) {
        FleetConfig config = new FleetConfigStore(paths).read();
        if (config.fleet() == null || !config.fleet().connection().present()) {
            throw new AgentException(ExitCode.FAILURE, "this agent is not enrolled: no Fleet connection in " + paths.fleetEnc()
                    + "; run elastic-agent enroll first");
        }
        FleetConnection connection;
        try {
            connection = config.fleet().connection().get();
        } catch (IllegalArgumentException e) {
            throw new AgentException(ExitCode.FAILURE, "the Fleet connection in " + paths.fleetEnc() + " is unusable (" + e.getMessage()
                    + "); enroll again with --force", e);
        }
        LastPolicy last = new LastPolicy(paths);
        Policy policy;
        String policyNote;
        try {
            policy = last.read();
            policyNote = policy == null ? "" : (policy.id() == null ? "" : policy.id() + " ") + "revision "
                    + (policy.revision() == null ? "?" : policy.revision());
        } catch (IOException | RuntimeException e) {
            policy = null;
            policyNote = "unreadable (" + last.file() + ": " + e.getMessage() + "); shown without it";
        }
        List<Explanation.Destination> destinations = new ArrayList<>();
        destinations.add(new Explanation.Destination("fleet", new FleetExplainer(connection, config.fleet().origins(), policy,
                FleetExplainer.ProxyEnvironment.of(env)).settings()));
        PolicyExplainer fromPolicy = new PolicyExplainer(policy);
        destinations.addAll(fromPolicy.outputs());
        Object download = config.agent() == null ? null : config.agent().other().get("download");
        destinations.add(fromPolicy.downloads(download instanceof Map<?, ?> m ? stringKeys(m) : Map.of()));
        return new Explanation(policyNote, destinations);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
