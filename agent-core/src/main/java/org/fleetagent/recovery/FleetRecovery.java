package org.fleetagent.recovery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.fleetagent.doctor.Doctor;
import org.fleetagent.doctor.DoctorReport;
import org.fleetagent.doctor.DoctorRequest;
import org.fleetagent.doctor.Hop;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.tls.TlsContexts;
import org.fleetagent.transport.Proxies;

/**
 * Local recovery without reinstalling ({@code elastic-agent fleet set-… / undo}): a change of the Fleet connection
 * is probed first, hop by hop as {@code doctor} does; only when every hop passes is fleet.enc rewritten (the
 * configuration it replaces kept encrypted in fleet.enc.prev), then the daemon restarts and is waited for until it
 * is connected to Fleet again. A probe that fails changes nothing.
 */
public final class FleetRecovery {
    /** The longest one connect of the probe may take, however long the whole command may. */
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

    private final AgentPaths paths;
    private final FleetConfigStore store;
    private final Doctor doctor;
    private final DaemonRestart daemon;

    /** @param env the process environment (the probe honours its proxy variables, as the daemon does) */
    public FleetRecovery(AgentPaths paths, Map<String, String> env, Clock clock, DaemonRestart daemon) {
        this.paths = paths;
        this.store = new FleetConfigStore(paths);
        this.doctor = new Doctor(env, clock);
        this.daemon = daemon;
    }

    /**
     * What a change or an undo did.
     *
     * @param changed what changed, for people
     * @param probe   the probe that passed
     * @param daemon  the daemon after its restart
     */
    public record Outcome(String changed, DoctorReport probe, DaemonRestart.Restarted daemon) {
    }

    /** Probes {@code change}, stores it keeping the previous configuration, restarts the daemon and waits for it. */
    public Outcome apply(FleetChange change, Duration timeout) {
        FleetConfig doc = enrolled();
        FleetConnection next = change.applyTo(connection(doc));
        if (change.readsTlsFiles()) {
            TlsContexts.build(next.tls(), "the Fleet Server"); // an unreadable file is named before any connection
        }
        DoctorReport probe = probe(next, timeout, "the new setting does not work");
        try {
            store.replaceKeepingPrevious(d -> d.withFleet(d.fleet().withConnection(change.applyTo(connection(d)))
                    .withOrigins(change.record(d.fleet().origins()))));
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write " + paths.fleetEnc() + ": " + e.getMessage()
                    + "; the configuration in force was not changed", e);
        }
        return new Outcome(change.describe(), probe, daemon.restartAndAwaitCheckin(timeout));
    }

    /** Probes the previous configuration, swaps it back in (so that undo again redoes), restarts the daemon and waits. */
    public Outcome undo(Duration timeout) {
        FleetConfig current = enrolled();
        FleetConfig previous = store.readPrevious().orElseThrow(() -> new AgentException(ExitCode.FAILURE,
                "there is nothing to undo: no 'elastic-agent fleet set-…' has changed this agent's settings (no " + paths.fleetEncPrevious()
                        + "); change a setting with 'elastic-agent fleet set-url', set-proxy, set-ca or set-cert"));
        // an enrollment since (enroll --force, even under the same id) has a new API key: its predecessor's settings are not undone
        if (!previous.fleetEnabled() || !previous.agentId().equals(current.agentId())
                || !java.util.Objects.equals(previous.fleet().accessApiKey(), current.fleet().accessApiKey())) {
            throw new AgentException(ExitCode.FAILURE, "there is nothing to undo: the previous settings in " + paths.fleetEncPrevious()
                    + " belong to an earlier enrollment, not to agent " + current.agentId() + "; change a setting with 'elastic-agent fleet set-…'");
        }
        FleetConnection back = connection(previous);
        DoctorReport probe = probe(back, timeout, "the previous settings do not work");
        try {
            store.swapWithPrevious();
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write " + paths.fleetEnc() + ": " + e.getMessage()
                    + "; check " + paths.config() + " with 'elastic-agent vault check'", e);
        }
        String proxy = back.proxy().disabled() ? "no proxy" : back.proxy().url() == null ? "the environment's proxy, if any"
                : "proxy " + Proxies.redact(back.proxy().url());
        return new Outcome("Back to the previous settings: Fleet at " + back.primary() + ", " + proxy, probe, daemon.restartAndAwaitCheckin(timeout));
    }

    private FleetConfig enrolled() {
        FleetConfig doc = store.read();
        if (!doc.fleetEnabled() || !doc.fleet().connection().present()) {
            throw new AgentException(ExitCode.USAGE, "this agent is not enrolled in Fleet (no Fleet settings in " + paths.fleetEnc()
                    + "): enroll it with 'elastic-agent enroll'");
        }
        return doc;
    }

    private FleetConnection connection(FleetConfig doc) {
        try {
            return doc.fleet().connection().get();
        } catch (IllegalArgumentException e) {
            throw new AgentException(ExitCode.FAILURE, "the Fleet settings in " + paths.fleetEnc() + " cannot be read: " + e.getMessage()
                    + "; enroll again with --force", e);
        }
    }

    /** The doctor's walk to {@code c}; a failed hop stops everything, before anything was written. */
    private DoctorReport probe(FleetConnection c, Duration timeout, String failure) {
        Duration connect = timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT;
        DoctorReport report = doctor.check(DoctorRequest.of(c, connect, "fleet recovery"));
        report.hops().stream().filter(Hop::failed).findFirst().ifPresent(h -> {
            throw new AgentException(h.code(), failure + ", nothing was changed: " + h.name() + ": " + h.detail() + ": " + h.fix());
        });
        return report;
    }
}
