package org.fleetagent.enrollment;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.bootstrap.FleetServerBootstrap;
import org.fleetagent.component.PrestartedComponents;
import org.fleetagent.control.ControlClient;
import org.fleetagent.enroll.AgentNotReplaceableException;
import org.fleetagent.enroll.DelayedEnrollment;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enroll.EnrollRetry;
import org.fleetagent.enroll.EnrollService;
import org.fleetagent.errors.AgentException;
import org.fleetagent.install.Enrollment;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.transport.HttpClientFactory;

/**
 * One enrollment, whoever asks for it ({@code enroll}, {@code install}, {@code container}): into a remote Fleet
 * Server, into a Fleet Server bootstrapped here, or stored for the daemon's first start. Takes the validated
 * {@link EnrollmentSettings}, tells and asks through an {@link EnrollInteraction}, and says how it ended; the
 * command words it.
 */
public final class EnrollmentService {
    private final AgentPaths paths;
    private final Map<String, String> env;
    private final EnrollInteraction ui;
    private final Clock clock;
    private final PrestartedComponents prestarted;

    /**
     * @param paths where the agent's files are (the installed copy's, for install)
     * @param env   the process environment (proxy variables, the bootstrap's inherited token)
     */
    public EnrollmentService(AgentPaths paths, Map<String, String> env, EnrollInteraction ui, Clock clock) {
        this(paths, env, ui, clock, new PrestartedComponents());
    }

    /** @param prestarted the command's component processes started ahead, which a Fleet Server bootstrap takes */
    public EnrollmentService(AgentPaths paths, Map<String, String> env, EnrollInteraction ui, Clock clock, PrestartedComponents prestarted) {
        this.prestarted = prestarted;
        this.paths = paths;
        this.env = env;
        this.ui = ui;
        this.clock = clock;
    }

    /** The enrollment of {@code enroll} and {@code container}, warning first about what it makes insecure. */
    public EnrollmentOutcome enroll(EnrollmentSettings s) {
        if (s.bootstrapsFleetServer()) {
            if (s.fleetServer().insecureHttp()) {
                ui.warn("--fleet-server-insecure-http: Fleet Server is exposed over plain HTTP; agents' traffic to it is not encrypted");
            }
            return bootstrap(s, s.fleet());
        }
        if (s.fleet().insecure()) {
            ui.warn("--insecure: the Fleet Server certificate is NOT verified; anyone on the path can read and change Fleet traffic");
        }
        if (s.delay()) {
            return delay(s.fleet());
        }
        EnrollResult r = remote(s.retry()).enroll(s.fleet(), s.force(), ui.canAsk() ? ui::confirmReplace : null);
        String daemon = s.reloadDaemon() ? reloadRunningDaemon() : "";
        return new EnrollmentOutcome(EnrollmentOutcome.Kind.ENROLLED, s.fleet().url(), r, null, daemon, "");
    }

    /**
     * The enrollment of an installed agent: under the id it had before a {@code --force} reinstall (with its replace
     * token), unless {@code --id} names another; when Fleet will not let it keep that id, under a new one, and Fleet is
     * told the old agent is gone.
     */
    public EnrollmentOutcome reinstall(EnrollmentSettings s, Optional<Enrollment> previous) {
        EnrollOptions o = keepIdentity(s.fleet(), previous);
        if (s.bootstrapsFleetServer()) {
            return bootstrap(s, o);
        }
        if (s.delay()) {
            return delay(o);
        }
        EnrollService service = remote(s.retry());
        EnrollResult r;
        String identity = "";
        try {
            r = service.enroll(o, true, null);
        } catch (AgentNotReplaceableException e) {
            if (previous.isEmpty() || !previous.get().agentId().equals(o.agentId())) {
                throw e; // the operator asked for this id with --id: not ours to change
            }
            r = service.enroll(freshIdentity(o), true, null);
            identity = " (Fleet would not let it keep the id " + o.agentId() + ", which now belongs to another policy or was"
                    + " re-enrolled elsewhere; " + retire(previous.get()) + ")";
        }
        boolean kept = previous.isPresent() && previous.get().agentId().equals(r.agentId());
        return new EnrollmentOutcome(EnrollmentOutcome.Kind.ENROLLED, o.url(), r, null, "", kept ? " (the same id as before)" : identity);
    }

    private EnrollmentOutcome bootstrap(EnrollmentSettings s, EnrollOptions fleet) {
        FleetServerBootstrap b = new FleetServerBootstrap(paths, new HttpClientFactory(env), ui, ui, env, prestarted);
        EnrollResult r = b.run(s.fleetServer(), fleet, s.publicUrl());
        return new EnrollmentOutcome(EnrollmentOutcome.Kind.BOOTSTRAPPED, fleet.url(), r, null, "", "");
    }

    private EnrollmentOutcome delay(EnrollOptions o) {
        DelayedEnrollment delayed = new DelayedEnrollment(paths);
        delayed.save(o);
        return new EnrollmentOutcome(EnrollmentOutcome.Kind.DELAYED, o.url(), null, delayed.file(), "", "");
    }

    private EnrollService remote(EnrollRetry retry) {
        return new EnrollService(paths, new HttpClientFactory(env), ui, clock, retry);
    }

    /** A daemon already running from these paths re-reads fleet.enc, as the real agent's enroll does. */
    private String reloadRunningDaemon() {
        if (!Files.exists(paths.socket())) {
            // a package install's daemon is the service: enrolling while it is stopped leaves it to be started
            return org.fleetagent.install.PackageInstall.serves(paths)
                    ? "The " + org.fleetagent.install.PackageInstall.PACKAGE + " service is not running: start it with 'sudo systemctl enable --now "
                            + org.fleetagent.install.PackageInstall.PACKAGE + "'."
                    : "";
        }
        try (ControlClient c = ControlClient.connect(paths.socket())) {
            c.restart(Duration.ofSeconds(30));
            return "The running agent was restarted and uses the new enrollment.";
        } catch (AgentException e) {
            return "Warning: the running agent could not be restarted (" + e.getMessage() + "): run 'elastic-agent restart'";
        }
    }

    /**
     * Tells Fleet that the agent a reinstall could not replace is gone ({@code audit/unenroll}, reason uninstall), with
     * that agent's own credentials; says what became of it.
     */
    private String retire(Enrollment old) {
        if (old.connection() == null) {
            return "the agent " + old.agentId() + " that an interrupted enrollment may have left in Fleet stays listed: unenroll it in Kibana";
        }
        try {
            old.client(env).auditUnenroll(old.agentId(), old.accessApiKey(), "uninstall", Duration.ofSeconds(10));
            return "Fleet was told that the old agent " + old.agentId() + " is uninstalled";
        } catch (IOException | RuntimeException e) {
            return "the old agent " + old.agentId() + " is still listed in Fleet (" + e.getMessage() + "): unenroll it in Kibana";
        }
    }

    /** The same enrollment under a new agent id (Fleet assigns it) and a new replace token. */
    private static EnrollOptions freshIdentity(EnrollOptions o) {
        return new EnrollOptions(o.url(), o.enrollmentToken(), "", "", o.tags(), o.headers(), o.transport(),
                o.insecure(), o.enrollTimeout(), o.stagingHash(), o.checkinOnStateChange(), o.origins());
    }

    /** After --force, enroll under the previous agent id with its replace token, unless --id was given. */
    private static EnrollOptions keepIdentity(EnrollOptions o, Optional<Enrollment> previous) {
        if (previous.isEmpty() || !o.agentId().isEmpty() || previous.get().agentId().isEmpty() || previous.get().replaceToken().isEmpty()) {
            return o;
        }
        Enrollment p = previous.get();
        return new EnrollOptions(o.url(), o.enrollmentToken(), p.agentId(), p.replaceToken(), o.tags(), o.headers(), o.transport(),
                o.insecure(), o.enrollTimeout(), o.stagingHash(), o.checkinOnStateChange(), o.origins());
    }
}
