package org.fleetagent.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.json.Json;

/**
 * What {@code status --output json} prints, the real agent's shape (states as numbers, {@code FleetState} and
 * {@code FleetMessage} in Go's field names), bound by jackson-jr; members a test does not read are ignored.
 */
record StatusJson(Info info, int state, String message, List<Component> components, int FleetState, String FleetMessage,
                  List<Certificate> certificates) {

    record Info(String id, String version, String commit, String build_time, boolean snapshot, long pid, boolean unprivileged,
                boolean is_managed) {
    }

    record Component(String id, String name, int state, String message, List<Unit> units) {
    }

    /** This agent's addition: a certificate on the path to Fleet and its days left. */
    record Certificate(String role, String subject, String not_after, long days_left) {
    }

    record Unit(String unit_id, int unit_type, int state, String message, Map<String, Object> payload) {
    }

    /** The status a run printed, or null when it printed nothing (no daemon answered). */
    static StatusJson of(AgentProcess.Result r) {
        try {
            return Json.read(r.out().getBytes(StandardCharsets.UTF_8), StatusJson.class);
        } catch (IOException e) {
            throw new AssertionError("status --output json printed no JSON: " + r, e);
        }
    }

    /** The certificate of this role, or null when status shows none. */
    Certificate certificate(String role) {
        return certificates == null ? null : certificates.stream().filter(c -> role.equals(c.role())).findFirst().orElse(null);
    }

    /** The component of this name, or null when there is none. */
    Component component(String name) {
        return components == null ? null : components.stream().filter(c -> name.equals(c.name())).findFirst().orElse(null);
    }
}
