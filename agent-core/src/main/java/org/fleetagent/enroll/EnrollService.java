package org.fleetagent.enroll;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.fleetagent.config.Urls;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.store.CarriedSettings;
import org.fleetagent.store.EnrollIntent;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigCodec;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.version.AgentVersion;

/**
 * {@code elastic-agent enroll} into a remote Fleet Server, from validated options to committed files: checks
 * whether the agent is already enrolled, carries settings over from {@code elastic-agent.yml}, enrolls with
 * {@link Enroller} and commits through the {@link FleetConfigStore} transaction.
 */
public record EnrollService(AgentPaths paths, HttpClientFactory transport, EnrollProgress progress, Clock clock, EnrollRetry retry) {

    /**
     * @param force   enroll even when the agent is already enrolled
     * @param confirm asked when the agent is enrolled and {@code force} is not set; returns whether to go on.
     *                Null when nobody can answer (not a terminal): then an enrolled agent is a conflict.
     */
    public EnrollResult enroll(EnrollOptions o, boolean force, BooleanSupplier confirm) {
        CarriedSettings current = readAgentConfig();
        FleetConfigStore store = FleetConfigStore.forEnrollment(paths);
        if (!force && isEnrolled(current)) {
            if (confirm == null) {
                throw new AgentException(ExitCode.CONFLICT, "this agent is already enrolled into Fleet (" + paths.fleetEnc()
                        + "): pass --force to replace its enrollment");
            }
            if (!confirm.getAsBoolean()) {
                throw new AgentException(ExitCode.CONFLICT, "enrollment cancelled; nothing was changed");
            }
        }
        EnrollIntent intent = store.intent();
        EnrollIntent.Identity identity = identity(o, intent.pending(), force ? stored(store) : Optional.empty());
        try {
            return enrollAs(store, intent, o, identity, current);
        } catch (AgentNotReplaceableException e) {
            if (!o.agentId().isEmpty()) {
                throw e; // the operator asked for this id with --id: not ours to change
            }
            // the id this run chose (a killed run's, or the stored one) now belongs to another policy: a new one
            return enrollAs(store, intent, o, fresh(o), current);
        }
    }

    /**
     * Enrolls under {@code id}, recording it as the intent just before the first request goes out: after the name was
     * resolved and the connection (and TLS) made, so a Fleet that cannot be reached fails as fast as before and writes
     * nothing. The intent goes once fleet.enc is written, or with a failure this run sees.
     */
    private EnrollResult enrollAs(FleetConfigStore store, EnrollIntent intent, EnrollOptions o, EnrollIntent.Identity id,
                                  CarriedSettings current) {
        java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();
        okhttp3.OkHttpClient http = transport.create(o.transport()).newBuilder().addNetworkInterceptor(chain -> {
            if (!recorded.get()) {
                record(intent, id);
                recorded.set(true);
            }
            return chain.proceed(chain.request());
        }).build();
        FleetClient client = new FleetClient(http, o.url(), o.headers(), AgentVersion.current());
        java.util.concurrent.atomic.AtomicBoolean accepted = new java.util.concurrent.atomic.AtomicBoolean();
        Enroller enroller = new Enroller(client, doc -> {
            accepted.set(true);
            store.saveEnrolled(doc);
        }, progress, clock, new SecureRandom(), HostInfo.current(), AgentVersion.current(), retry);
        EnrollResult r;
        try {
            r = enroller.enroll(new EnrollOptions(o.url(), o.enrollmentToken(), id.agentId(), id.replaceToken(), o.tags(), o.headers(),
                    o.transport(), o.insecure(), o.enrollTimeout(), o.stagingHash(), o.checkinOnStateChange(), o.origins()), current,
                    o.replaceToken());
        } catch (AgentException e) {
            if (accepted.get()) {
                // Fleet holds the agent now and cannot be asked to drop it: the kept intent makes the next run replace it
                throw new AgentException(e.exitCode(), e.getMessage() + "; Fleet enrolled agent " + id.agentId()
                        + ", which the same enroll run again (once fixed) replaces rather than adding a second", e);
            }
            abandonIfRecorded(intent, recorded.get());
            throw e;
        } catch (RuntimeException e) {
            abandonIfRecorded(intent, recorded.get());
            throw e;
        }
        try {
            intent.fulfilled();
        } catch (IOException e) {
            // fleet.enc holds the enrollment; a leftover intent names the same agent, which the next enrollment replaces
        }
        return r;
    }

    private static void abandonIfRecorded(EnrollIntent intent, boolean recorded) {
        if (recorded) {
            intent.abandoned();
        }
    }

    private static void record(EnrollIntent intent, EnrollIntent.Identity id) {
        try {
            intent.record(id);
        } catch (IOException e) {
            intent.abandoned(); // the vault and data directory the record created go too: the home is left as it was
            throw new AgentException(ExitCode.FAILURE, "cannot write " + intent.file() + ": " + FileErrors.describe(e, intent.file())
                    + "; nothing was sent to Fleet");
        } catch (RuntimeException e) {
            intent.abandoned();
            throw e;
        }
    }

    /**
     * The identity to ask for: a killed run's into the same Fleet (its agent may exist), else with {@code --force} the
     * stored enrollment's into the same Fleet (replaced rather than duplicated), else {@code --id} or a new one.
     */
    private static EnrollIntent.Identity identity(EnrollOptions o, Optional<EnrollIntent.Identity> pending, Optional<EnrollIntent.Identity> stored) {
        for (Optional<EnrollIntent.Identity> candidate : java.util.List.of(pending, stored)) {
            if (candidate.isPresent() && Urls.sameEndpoint(candidate.get().url(), o.url().toString())
                    && (o.agentId().isEmpty() || o.agentId().equals(candidate.get().agentId()))) {
                EnrollIntent.Identity c = candidate.get();
                return new EnrollIntent.Identity(o.url().toString(), c.agentId(), o.replaceToken().isEmpty() ? c.replaceToken() : o.replaceToken());
            }
        }
        return fresh(o);
    }

    /** {@code --id} and {@code --replace-token} when given, else a new id and token. */
    private static EnrollIntent.Identity fresh(EnrollOptions o) {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return new EnrollIntent.Identity(o.url().toString(), o.agentId().isEmpty() ? UUID.randomUUID().toString() : o.agentId(),
                o.replaceToken().isEmpty() ? java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b) : o.replaceToken());
    }

    /** The enrollment fleet.enc holds, as an identity to keep. */
    private static Optional<EnrollIntent.Identity> stored(FleetConfigStore store) {
        try {
            FleetConfig c = store.read();
            if (!c.fleetEnabled() || c.agentId() == null || c.agentId().isEmpty() || c.fleet().replaceToken() == null
                    || c.fleet().replaceToken().isEmpty() || !c.fleet().connection().present()) {
                return Optional.empty();
            }
            return c.fleet().connection().get().hosts().stream().findFirst()
                    .map(h -> new EnrollIntent.Identity(h.toString(), c.agentId(), c.fleet().replaceToken()));
        } catch (RuntimeException e) {
            return Optional.empty(); // an unreadable store is replaced by the enrollment: nothing to keep
        }
    }

    private boolean isEnrolled(CarriedSettings agentConfig) {
        return agentConfig.fleetEnabled() || Files.exists(paths.fleetEnc());
    }

    private CarriedSettings readAgentConfig() {
        return YamlFiles.read(paths.configFile(), "fix the file or move it away, then run enroll again")
                .map(FleetConfigCodec::carried).orElse(CarriedSettings.NONE);
    }
}
