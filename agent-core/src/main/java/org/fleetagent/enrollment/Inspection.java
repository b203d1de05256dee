package org.fleetagent.enrollment;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.Policy;
import org.fleetagent.config.Redaction;
import org.fleetagent.daemon.LastPolicy;
import org.fleetagent.component.ExpectedConfigurations;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;

/** What an agent runs with, read from disk for {@code inspect} and {@code diagnostics}: its configuration and components. */
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
        destinations.add(fromPolicy.downloads(YamlCodec.asMap(download).orElse(Map.of())));
        return new Explanation(policyNote, destinations);
    }

    /**
     * The last policy Fleet sent, as the daemon stored it in {@code <home>/data/state.enc} (encrypted with the vault's
     * key, as {@code {"policy": {...}}}); empty when none was received.
     */
    public Map<String, Object> storedPolicy() {
        LastPolicy last = new LastPolicy(paths);
        try {
            Policy policy = last.read();
            return policy == null ? Map.of() : policy.document();
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "the stored policy in " + last.file() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The components model of {@code inspect components}: one component per input type of the policy in force (the
     * stored Fleet policy, else the inputs of {@code elastic-agent.yml}), each with its input units and output unit.
     *
     * @param showConfig include each unit's configuration (secrets redacted)
     * @param showSpec   include the component's runtime specification (its program)
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> components(boolean showConfig, boolean showSpec) {
        Map<String, Object> policyDoc = storedPolicy();
        if (policyDoc.isEmpty() && Files.isRegularFile(paths.configFile())) {
            try {
                policyDoc = YamlCodec.load(Files.readAllBytes(paths.configFile()));
            } catch (IOException e) {
                throw new AgentException(ExitCode.FAILURE, "cannot read " + paths.configFile() + ": " + FileErrors.describe(e, paths.configFile()), e);
            }
        }
        Map<String, Object> agent = configurationOrEmpty();
        String agentId = YamlCodec.asMap(agent.get("agent")).map(a -> a.get("id")).map(String::valueOf).orElse("");
        Policy policy;
        try {
            policy = Policy.of(policyDoc);
        } catch (IllegalArgumentException e) {
            throw new AgentException(ExitCode.FAILURE, "the policy cannot be read: " + e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        ExpectedConfigurations.of(policy, agentId).forEach((type, expected) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            List<Map<String, Object>> units = (List<Map<String, Object>>) expected.get("units");
            Map<String, Object> outputUnit = units.get(units.size() - 1);
            c.put("id", outputUnit.get("id"));
            c.put("input_type", type);
            c.put("output_type", outputUnit.get("output_type"));
            if (showSpec) {
                c.put("input_spec", Map.of("input_type", type, "binary_name", type,
                        "binary_path", paths.components().resolve(type).toString()));
            }
            List<Map<String, Object>> shown = new ArrayList<>();
            for (Map<String, Object> u : units) {
                Map<String, Object> unit = new LinkedHashMap<>();
                unit.put("id", u.get("id"));
                unit.put("type", u.get("type"));
                if (showConfig) {
                    YamlCodec.asMap(u.get("config")).ifPresent(cfg -> unit.put("config", Redaction.redact(cfg)));
                }
                shown.add(unit);
            }
            c.put("units", shown);
            out.add(c);
        });
        return out;
    }

    private Map<String, Object> configurationOrEmpty() {
        try {
            return new FleetConfigStore(paths).load();
        } catch (AgentException e) {
            return Map.of();
        }
    }
}
