package org.fleetagent.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The control protocol's state, both ways, through jackson-jr: record components carry the wire's snake_case names
 * and order. Read, unknown members are ignored, missing ones read as null (or 0, false), and state names this build
 * does not know read as null; written ({@link #of}), an absent upgrade is null and the certificates' list is empty.
 */
record StateWire(InfoWire info, String state, String message, String fleet_state, String fleet_message,
                 List<ComponentWire> components, UpgradeWire upgrade_details,
                 List<CertificateWire> certificates) {

    record InfoWire(String id, String version, String commit, String build_time, boolean snapshot, long pid,
                    boolean unprivileged, boolean is_managed) {
        // the member's name for the writer (Json.tree)
        public boolean getIs_managed() {
            return is_managed;
        }

        static InfoWire of(AgentState.Info i) {
            return new InfoWire(i.id(), i.version(), i.commit(), i.buildTime(), i.snapshot(), i.pid(), i.unprivileged(), i.isManaged());
        }

        AgentState.Info toInfo() {
            return new AgentState.Info(id, version, commit, build_time, snapshot, pid, unprivileged, is_managed);
        }
    }

    record ComponentWire(String id, String name, String state, String message, List<UnitWire> units, VersionWire version_info) {
        static ComponentWire of(ComponentState c) {
            return new ComponentWire(c.id(), c.name(), nameOf(c.state()), c.message(), c.units().stream().map(UnitWire::of).toList(),
                    VersionWire.of(c.versionInfo()));
        }

        ComponentState toComponent() {
            List<UnitState> us = new ArrayList<>();
            for (UnitWire u : units == null ? List.<UnitWire>of() : units) {
                us.add(new UnitState(u.type(), u.id(), stateNamed(u.state()), u.message(), u.payload()));
            }
            return new ComponentState(id, name, stateNamed(state), message, us,
                    version_info == null ? null : new ComponentState.VersionInfo(version_info.name(), version_info.meta()));
        }
    }

    /** The meta in key order, as Go writes a map. */
    record VersionWire(String name, Map<String, String> meta) {
        static VersionWire of(ComponentState.VersionInfo v) {
            return new VersionWire(v.name(), new TreeMap<>(v.meta()));
        }
    }

    record UnitWire(String type, String id, String state, String message, Map<String, Object> payload) {
        static UnitWire of(UnitState u) {
            return new UnitWire(u.type(), u.id(), nameOf(u.state()), u.message(), u.payload());
        }
    }

    record UpgradeWire(String target_version, String state, String action_id, MetadataWire metadata) {
        static UpgradeWire of(UpgradeDetails d) {
            return new UpgradeWire(d.targetVersion(), d.state(), d.actionId(), d.metadata() == null ? null : MetadataWire.of(d.metadata()));
        }

        UpgradeDetails toDetails() {
            return new UpgradeDetails(target_version, state, action_id, metadata == null ? null : metadata.toMetadata());
        }
    }

    record MetadataWire(String scheduled_at, double download_percent, String failed_state, String error_msg,
                        String retry_error_msg, String retry_until, String reason) {
        static MetadataWire of(UpgradeDetails.Metadata m) {
            return new MetadataWire(m.scheduledAt(), m.downloadPercent(), m.failedState(), m.errorMsg(), m.retryErrorMsg(),
                    m.retryUntil(), m.reason());
        }

        UpgradeDetails.Metadata toMetadata() {
            return new UpgradeDetails.Metadata(scheduled_at, download_percent, failed_state, error_msg, retry_error_msg,
                    retry_until, reason);
        }
    }

    record CertificateWire(String role, String subject, String not_after, long days_left) {
        static CertificateWire of(CertificateState c) {
            return new CertificateWire(c.role(), c.subject(), c.notAfter(), c.daysLeft());
        }

        CertificateState toCertificate() {
            return new CertificateState(role, subject, not_after, days_left);
        }
    }

    static StateWire of(AgentState s) {
        return new StateWire(s.info() == null ? null : InfoWire.of(s.info()), nameOf(s.state()), s.message(), nameOf(s.fleetState()),
                s.fleetMessage(), s.components().stream().map(ComponentWire::of).toList(),
                s.upgradeDetails() == null ? null : UpgradeWire.of(s.upgradeDetails()),
                s.certificates().stream().map(CertificateWire::of).toList());
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

    private static String nameOf(State state) {
        return state == null ? null : state.name();
    }

    private static State stateNamed(String name) {
        try {
            return name == null ? null : State.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
