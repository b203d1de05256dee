package org.fleetagent.enrollment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetagent.config.Redaction;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
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
}
