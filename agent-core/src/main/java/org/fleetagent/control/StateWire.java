package org.fleetagent.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control protocol's state as {@link AgentState#toJson()} sends it, bound by jackson-jr: record components carry
 * the wire's snake_case names, unknown members are ignored, missing ones read as null (or 0, false), and state names
 * this build does not know read as null.
 */
record StateWire(InfoWire info, String state, String message, String fleet_state, String fleet_message,
                 List<ComponentWire> components, UpgradeWire upgrade_details,
                 List<CertificateWire> certificates) {

    record InfoWire(String id, String version, String commit, String build_time, boolean snapshot, long pid,
                    boolean unprivileged, boolean is_managed) {
        AgentState.Info toInfo() {
            return new AgentState.Info(id, version, commit, build_time, snapshot, pid, unprivileged, is_managed);
        }
    }

    record ComponentWire(String id, String name, String state, String message, List<UnitWire> units,
                         ComponentState.VersionInfo version_info) {
        ComponentState toComponent() {
            List<UnitState> us = new ArrayList<>();
            for (UnitWire u : units == null ? List.<UnitWire>of() : units) {
                us.add(new UnitState(u.type(), u.id(), stateNamed(u.state()), u.message(), u.payload()));
            }
            return new ComponentState(id, name, stateNamed(state), message, us, version_info);
        }
    }

    record UnitWire(String type, String id, String state, String message, Map<String, Object> payload) {
    }

    record UpgradeWire(String target_version, String state, String action_id, MetadataWire metadata) {
        UpgradeDetails toDetails() {
            return new UpgradeDetails(target_version, state, action_id, metadata == null ? null : metadata.toMetadata());
        }
    }

    record MetadataWire(String scheduled_at, double download_percent, String failed_state, String error_msg,
                        String retry_error_msg, String retry_until, String reason) {
        UpgradeDetails.Metadata toMetadata() {
            return new UpgradeDetails.Metadata(scheduled_at, download_percent, failed_state, error_msg, retry_error_msg,
                    retry_until, reason);
        }
    }

    record CertificateWire(String role, String subject, String not_after, long days_left) {
        CertificateState toCertificate() {
            return new CertificateState(role, subject, not_after, days_left);
        }
    }

    AgentState toState() {
        List<ComponentState> cs = new ArrayList<>();
        for (ComponentWire c : components == null ? List.<ComponentWire>of() : components) {
            cs.add(c.toComponent());
        }
        return new AgentState(info == null ? null : info.toInfo(), stateNamed(state), message, stateNamed(fleet_state),
                fleet_message, cs, upgrade_details == null ? null : upgrade_details.toDetails(),
                certificates == null ? List.of() : certificates.stream().map(CertificateWire::toCertificate).toList());
    }

    private static State stateNamed(String name) {
        try {
            return name == null ? null : State.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
