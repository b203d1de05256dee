package org.fleetagent.control;

import java.util.List;
import java.util.Map;

/**
 * A supervised component (such as fleet-server) and its units.
 *
 * @param id          the component id
 * @param name        the program name
 * @param state       the component's state
 * @param message     what it last said, or why it failed (with its last log lines)
 * @param units       its units
 * @param versionInfo what the component said about its own version (empty name when it said nothing)
 */
public record ComponentState(String id, String name, State state, String message, List<UnitState> units, VersionInfo versionInfo) {
    public ComponentState {
        units = units == null ? List.of() : List.copyOf(units);
        versionInfo = versionInfo == null ? VersionInfo.NONE : versionInfo;
    }

    /** A component that reported no version information. */
    public ComponentState(String id, String name, State state, String message, List<UnitState> units) {
        this(id, name, state, message, units, VersionInfo.NONE);
    }

    /**
     * A component's own version information, as the real control API's {@code version_info}.
     *
     * @param name the name the component gave itself
     * @param meta free-form facts (build hash, commit, ...), empty when none
     */
    public record VersionInfo(String name, Map<String, String> meta) {
        static final VersionInfo NONE = new VersionInfo("", Map.of());

        public VersionInfo {
            name = name == null ? "" : name;
            meta = meta == null ? Map.of() : Map.copyOf(meta);
        }
    }
}
