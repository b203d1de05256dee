package org.fleetagent.store;

import java.util.Map;
import org.fleetagent.platform.AgentPaths;

/** PLACEHOLDER until the store branch lands. */
public final class FleetConfigStore {
    public FleetConfigStore(AgentPaths paths) {
    }

    public Map<String, Object> load() {
        return Map.of();
    }

    public void saveEnrolled(Map<String, Object> doc) {
    }
}
