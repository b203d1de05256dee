package org.fleetagent.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fleetagent.config.GoDuration;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.CertificateState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.fleetagent.control.UnitState;
import org.fleetagent.control.UpgradeDetails;
import org.fleetagent.tls.CertificateExpiry;

/**
 * {@code status --output human|full|json|yaml}, shaped as the real agent prints its {@code AgentState}
 * ({@code internal/pkg/agent/cmd/status.go}, {@code pkg/control/v2/client}): components sorted by id and units by
 * id; in JSON and YAML the states are their enum numbers and the Fleet fields are {@code FleetState}/
 * {@code FleetMessage} in JSON but {@code fleet_state}/{@code fleet_message} in YAML. The certificates on the path to
 * Fleet and their days left are this agent's addition, printed last and only when the daemon has checked some.
 */
final class StatusOutput {
    /** The {@code --output} values. */
    enum Format { human, full, json, yaml }

    private StatusOutput() {
    }

    /** The state as {@code --output format} prints it; {@code now} is for the time left in upgrade retries. */
    static String render(AgentState s, Format format, Instant now) {
        AgentState sorted = sorted(s);
        return switch (format) {
            case human -> human(sorted, false, now);
            case full -> human(sorted, true, now);
            case json -> GoJson.write(tree(sorted, "FleetState", "FleetMessage", true)) + "\n";
            case yaml -> GoYaml.write(tree(sorted, "fleet_state", "fleet_message", false)) + "\n";
        };
    }

    private static AgentState sorted(AgentState s) {
        List<ComponentState> cs = new ArrayList<>();
        for (ComponentState c : s.components()) {
            List<UnitState> us = new ArrayList<>(c.units());
            us.sort(Comparator.comparing(u -> String.valueOf(u.id())));
            cs.add(new ComponentState(c.id(), c.name(), c.state(), c.message(), us, c.versionInfo()));
        }
        cs.sort(Comparator.comparing(c -> String.valueOf(c.id())));
        return s.withComponents(cs);
    }

    // ---- human and full: the connected list

    private static String human(AgentState s, boolean all, Instant now) {
        TreeList l = new TreeList();
        l.add("fleet");
        l.indent();
        l.add(status(s.fleetState(), s.fleetMessage()));
        l.unindent();

        l.add("elastic-agent");
        l.indent();
        l.add(status(s.state(), s.message()));
        if (all) {
            l.add("info");
            l.indent();
            AgentState.Info info = info(s);
            l.add("id: " + info.id());
            l.add("version: " + info.version());
            l.add("commit: " + info.commit());
            l.unindent();
        }
        l.unindent();
        for (ComponentState c : s.components()) {
            // a healthy component can hold unhealthy units, which human output still shows
            boolean unitsHealthy = c.units().stream().allMatch(u -> u.state() == State.HEALTHY);
            if (!all && unitsHealthy && c.state() == State.HEALTHY) {
                continue;
            }
            l.indent();
            l.add(c.id());
            l.indent();
            l.add(status(c.state(), c.message()));
            l.unindent();
            for (UnitState u : c.units()) {
                if (!all && u.state() == State.HEALTHY) {
                    continue;
                }
                l.indent();
                l.add(u.id());
                l.indent();
                l.add(status(u.state(), u.message()));
                if (all) {
                    l.add("type: " + unitType(u).toUpperCase(Locale.ROOT));
                }
                l.unindent();
                l.unindent();
            }
            l.unindent();
            l.unindent();
        }
        upgradeDetails(l, s.upgradeDetails(), now);
        certificates(l, s.certificates());
        return l.render();
    }

    /** An addition of this agent: one line per certificate on the path to Fleet with its days left. */
    private static void certificates(TreeList l, List<CertificateState> certificates) {
        if (certificates.isEmpty()) {
            return;
        }
        l.add("certificates");
        l.indent();
        for (CertificateState c : certificates) {
            l.add(c.role() + ": " + CertificateExpiry.phrase(c.daysLeft()) + " (" + c.subject() + ", until " + c.notAfter() + ")");
        }
        l.unindent();
    }

    private static String status(State state, String message) {
        return "status: (" + (state == null ? "STARTING" : state.name()) + ") " + nz(message);
    }

    private static void upgradeDetails(TreeList l, UpgradeDetails d, Instant now) {
        if (d == null) {
            return;
        }
        l.add("upgrade_details");
        l.indent();
        l.add("target_version: " + d.targetVersion());
        l.add("state: " + d.state());
        if (!d.actionId().isEmpty()) {
            l.add("action_id: " + d.actionId());
        }
        UpgradeDetails.Metadata m = d.metadata();
        if (m != null) {
            l.add("metadata");
            l.indent();
            if (!m.scheduledAt().isEmpty()) {
                l.add("scheduled_at: " + m.scheduledAt());
            }
            if (!m.failedState().isEmpty()) {
                l.add("failed_state: " + m.failedState());
            }
            if (!m.errorMsg().isEmpty()) {
                l.add("error_msg: " + m.errorMsg());
            }
            if (UpgradeDetails.DOWNLOADING.equals(d.state())) {
                l.add("download_percent: " + String.format(Locale.ROOT, "%.2f%%", (float) m.downloadPercent() * 100f));
            }
            if (!m.retryUntil().isEmpty()) {
                l.add("retry_until: " + until(m.retryUntil(), now));
            }
            if (!m.retryErrorMsg().isEmpty()) {
                l.add("retry_error_msg: " + m.retryErrorMsg());
            }
            if (!m.reason().isEmpty()) {
                l.add("reason: " + m.reason());
            }
            l.unindent();
        }
        l.unindent();
    }

    /** The time left until an RFC 3339 instant, as Go prints a duration; the text itself when it is no instant. */
    private static String until(String target, Instant now) {
        try {
            return goDuration(Duration.between(now, Instant.parse(target)));
        } catch (DateTimeParseException e) {
            return target;
        }
    }

    /** A duration as Go's {@code time.Duration.String}: {@code 1h2m3.5s}, {@code 1.5ms}, {@code 0s}. */
    static String goDuration(Duration d) {
        return GoDuration.format(d);
    }

    // ---- json and yaml: the real client's AgentState structure

    private static Map<String, Object> tree(AgentState s, String fleetState, String fleetMessage, boolean json) {
        AgentState.Info info = info(s);
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", nz(info.id()));
        i.put("version", nz(info.version()));
        i.put("commit", nz(info.commit()));
        i.put("build_time", info.buildTime());
        i.put("snapshot", info.snapshot());
        i.put("pid", info.pid());
        i.put("unprivileged", info.unprivileged());
        i.put("is_managed", info.isManaged());

        List<Object> cs = new ArrayList<>();
        for (ComponentState c : s.components()) {
            List<Object> us = new ArrayList<>();
            for (UnitState u : c.units()) {
                Map<String, Object> um = new LinkedHashMap<>();
                um.put("unit_id", nz(u.id()));
                um.put("unit_type", "output".equals(unitType(u)) ? 1 : 0);
                um.put("state", number(u.state()));
                um.put("message", nz(u.message()));
                if (!u.payload().isEmpty()) {
                    um.put("payload", goMap(u.payload()));
                }
                us.add(um);
            }
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("name", c.versionInfo().name());
            if (!c.versionInfo().meta().isEmpty()) {
                version.put("meta", new TreeMap<>(c.versionInfo().meta()));
            }
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", nz(c.id()));
            cm.put("name", nz(c.name()));
            cm.put("state", number(c.state()));
            cm.put("message", nz(c.message()));
            cm.put("units", us);
            cm.put("version_info", version);
            cs.add(cm);
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("info", i);
        m.put("state", number(s.state()));
        m.put("message", nz(s.message()));
        m.put("components", cs);
        m.put(fleetState, number(s.fleetState()));
        m.put(fleetMessage, nz(s.fleetMessage()));
        if (s.upgradeDetails() != null) {
            m.put("upgrade_details", upgrade(s.upgradeDetails(), json));
        }
        if (!s.certificates().isEmpty()) {
            // an addition of this agent, last so that every member the real agent prints keeps its place
            m.put("certificates", s.certificates().stream().map(CertificateState::toJson).toList());
        }
        return m;
    }

    /**
     * Upgrade details as the real client prints them. JSON: the protobuf message's snake-case names, empty members
     * left out. YAML: its Go field names lower-cased (the message has no YAML names), all present. The percentage is
     * a float32 in both.
     */
    private static Map<String, Object> upgrade(UpgradeDetails d, boolean json) {
        Map<String, Object> m = realMembers(d.members(), json);
        if (d.metadata() != null) {
            m.put("metadata", realMembers(d.metadataMembers(), json));
        } else if (!json) {
            m.put("metadata", null);
        }
        return m;
    }

    private static Map<String, Object> realMembers(Map<String, Object> members, boolean json) {
        Map<String, Object> m = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            Object v = value instanceof Double d ? (Object) d.floatValue() : value;
            if (!json) {
                m.put(name.replace("_", ""), v);
            } else if (!"".equals(value) && !(value instanceof Double d && d == 0)) {
                m.put(name, v);
            }
        });
        return m;
    }

    /** A payload as the real client holds it after decoding JSON: maps sorted, every number a float64. */
    private static Map<String, Object> goMap(Map<String, Object> payload) {
        return YamlCodec.sortedCopy(YamlCodec.mapScalars(payload, (key, v) -> v instanceof Number n && !(v instanceof Double) ? n.doubleValue() : v));
    }

    private static AgentState.Info info(AgentState s) {
        return s.info() == null ? new AgentState.Info("", "", "", 0) : s.info();
    }

    private static String unitType(UnitState u) {
        return "output".equalsIgnoreCase(u.type()) ? "output" : "input";
    }

    private static int number(State s) {
        return s == null ? 0 : s.number();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
