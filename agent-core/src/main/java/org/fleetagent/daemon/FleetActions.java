package org.fleetagent.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.fleetagent.fleet.AckEvent;
import org.fleetagent.fleet.FleetAction;

/**
 * The dispatch table of Fleet actions: every action gets exactly one ack, none is dropped. The types the real agent
 * handles ({@code internal/pkg/fleetapi/action.go}, registered in {@code managed_mode.go}) and that this agent does
 * not carry out are acknowledged with an error naming what to do instead, so Fleet shows them as failed; a type
 * neither agent knows gets the real agent's "unknown" error.
 */
final class FleetActions {
    private static final Logger LOG = Logger.getLogger(FleetActions.class.getName());

    /** Every action type the real agent registers a handler for. */
    static final Set<String> REAL_TYPES = Set.of("POLICY_CHANGE", "POLICY_REASSIGN", "UNENROLL", "UPGRADE", "SETTINGS",
            "CANCEL", "REQUEST_DIAGNOSTICS", "INPUT_ACTION", "MIGRATE", "PRIVILEGE_LEVEL_CHANGE");

    private final Map<String, Function<FleetAction, AckEvent>> table = new LinkedHashMap<>();

    /**
     * @param policyChange applies a POLICY_CHANGE and acks it
     * @param unenrolled   told that Fleet unenrolled the agent
     */
    FleetActions(Function<FleetAction, AckEvent> policyChange, Runnable unenrolled) {
        table.put("POLICY_CHANGE", policyChange);
        // as the real agent: the new policy itself arrives as a POLICY_CHANGE, the reassign only needs an ack
        table.put("POLICY_REASSIGN", FleetActions::done);
        table.put("UNENROLL", a -> {
            unenrolled.run();
            return done(a);
        });
        // nothing is ever queued for later here (no scheduled upgrades), so a cancel has nothing left to stop
        table.put("CANCEL", FleetActions::done);
        table.put("UPGRADE", a -> new AckEvent(a.id(), acknowledged(a), "upgrading from Fleet is not supported by this agent;"
                + " upgrade it on the host by installing the new release's package or archive", Map.of("retry", false)));
        table.put("SETTINGS", a -> failed(a, "changing the agent's log level from Fleet is not supported by this agent;"
                + " it keeps logging at its current level (start it with -d/--debug for debug logs)"));
        table.put("REQUEST_DIAGNOSTICS", a -> failed(a, "uploading diagnostics to Fleet is not supported by this agent;"
                + " run 'elastic-agent diagnostics' on the host and attach the zip it writes"));
        table.put("INPUT_ACTION", a -> failed(a, "input actions (such as Osquery live queries) are not supported by this agent:"
                + " no component here handles input type '" + a.data().getOrDefault("input_type", "") + "'"));
        table.put("MIGRATE", a -> failed(a, "migrating to another Fleet from Fleet is not supported by this agent;"
                + " enroll it into the new Fleet on the host with 'elastic-agent enroll --force'"));
        table.put("PRIVILEGE_LEVEL_CHANGE", a -> failed(a, "changing the agent's privilege level from Fleet is not supported"
                + " by this agent; run 'elastic-agent privileged' or 'elastic-agent unprivileged' on the host"));
    }

    /** Carries out (or refuses) one action and returns its ack. */
    AckEvent dispatch(FleetAction a) {
        Function<FleetAction, AckEvent> handler = table.get(a.type());
        AckEvent ack = handler != null ? handler.apply(a)
                : failed(a, "Action \"" + a.id() + "\" of type \"" + a.type() + "\" is unknown to the elastic-agent");
        if (ack.error() != null) {
            LOG.warning("action " + a.id() + " of type " + a.type() + " acknowledged as failed: " + ack.error());
        }
        return ack;
    }

    /** The types this table knows (the real agent's set). */
    Set<String> types() {
        return Set.copyOf(table.keySet());
    }

    /** The real agent's ack message for every type. */
    static String acknowledged(FleetAction a) {
        return "Action \"" + a.id() + "\" of type \"" + a.type() + "\" acknowledged.";
    }

    static AckEvent done(FleetAction a) {
        return new AckEvent(a.id(), acknowledged(a), null);
    }

    static AckEvent failed(FleetAction a, String error) {
        return new AckEvent(a.id(), acknowledged(a), error);
    }
}
