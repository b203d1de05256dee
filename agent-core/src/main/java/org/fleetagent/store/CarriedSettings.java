package org.fleetagent.store;

import java.util.Map;

/**
 * What the real agent carries from {@code elastic-agent.yml} into fleet.enc when it enrolls, read by
 * {@link FleetConfigCodec#carried}. Values the agent only copies stay as YAML read them (a level may be a string or
 * a number; {@code monitoring.http} and {@code fleet.checkin} are open-ended blocks).
 *
 * @param fleetEnabled   {@code fleet.enabled: true}: the file says the agent is enrolled
 * @param loggingLevel   {@code agent.logging.level} (or the flat {@code agent."logging.level"}), null when absent
 * @param monitoringHttp {@code agent.monitoring.http}, null when absent
 * @param checkin        {@code fleet.checkin}, empty when absent
 */
public record CarriedSettings(boolean fleetEnabled, Object loggingLevel, Object monitoringHttp, Map<String, Object> checkin) {
    /** Nothing carried: no {@code elastic-agent.yml}, or the bootstrap's local enrollment. */
    public static final CarriedSettings NONE = new CarriedSettings(false, null, null, Map.of());

    public CarriedSettings {
        checkin = checkin == null ? Map.of() : checkin;
    }
}
