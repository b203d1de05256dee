package org.fleetagent.daemon;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.fleetagent.component.Policy;
import org.fleetagent.fleet.AckEvent;
import org.fleetagent.fleet.CheckinRequest;
import org.fleetagent.fleet.CheckinResponse;
import org.fleetagent.fleet.FleetAction;
import org.fleetagent.fleet.FleetApiException;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.fleet.PolicyFleet;
import org.fleetagent.json.Json;
import org.fleetagent.retry.Backoff;

/**
 * Keeps the agent checked in with Fleet: a long-poll loop at the real agent's cadence (next check-in 1 s plus up
 * to 0.5 s after a success; equal-jitter backoff from 1 min to 10 min after failures; 1 h after six 401s in a row),
 * every action acknowledged ({@link FleetActions}), POLICY_CHANGE applied.
 *
 * <p>Safe changes, which the real agent lacks: Fleet settings from a policy (hosts, proxy, TLS) are probed before
 * they are used. If no new host answers through the new settings, the agent keeps the last settings that worked,
 * stays online, says why in its Fleet state and in the ack. A 401 never deletes credentials.
 */
public final class FleetGateway {
    /** The loop's timings; {@link #real()} are the real agent's. */
    public record Timing(Duration checkinDelay, Duration checkinJitter, Duration failureInit, Duration failureMax,
                         Duration unauthorizedWait, Duration pollTimeout, Duration probeTimeout) {
        public static Timing real() {
            return new Timing(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(10),
                    Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(15));
        }
    }

    /** Fleet connectivity as the gateway sees it. */
    public enum Connectivity { STARTING, ONLINE, DEGRADED, FAILED }

    /** What the daemon does with what the gateway learns. */
    public interface Listener {
        /** The Fleet state changed ({@code fleet_state} and {@code fleet_message} of the control protocol). */
        void fleetState(Connectivity state, String message);

        /** Persists new Fleet connection settings (only called after they were probed and work). */
        void connectionChanged(FleetConnection connection) throws IOException;

        /**
         * Applies the rest of a policy (outputs, inputs, components).
         *
         * @return null when applied, else why it was not
         */
        String applyPolicy(Policy policy);
    }

    /** A POLICY_CHANGE action's data. */
    private record PolicyChange(Map<String, Object> policy) {
    }

    /** What the gateway is given for its whole life, apart from what it learns while it runs (below). */
    private record Setup(String agentId, String apiKey, boolean gzip, Function<FleetConnection, FleetClient> clients,
                         Supplier<CheckinRequest> status, Listener listener, Timing timing, RandomGenerator random) {
    }

    private final Setup setup;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final FleetActions actions;

    private volatile boolean stopped;
    private volatile FleetClient client;
    private FleetConnection connection;
    private String ackToken;
    private final List<AckEvent> pendingAcks = new ArrayList<>();
    private String policyId;
    private Long policyRevision;

    public FleetGateway(FleetConnection connection, String agentId, String apiKey, boolean gzip,
                        Function<FleetConnection, FleetClient> clients, Supplier<CheckinRequest> status, Listener listener,
                        Timing timing, RandomGenerator random) {
        this.connection = connection;
        this.setup = new Setup(agentId, apiKey, gzip, clients, status, listener, timing, random);
        this.actions = new FleetActions(this::applyPolicyChange, () -> listener.fleetState(Connectivity.FAILED,
                "the agent was unenrolled in Fleet; the credentials are kept until it is enrolled again"));
    }

    /** Reports this policy and revision from the first check-in on (the one in force before a restart). */
    public void resume(String policyId, Long revision) {
        this.policyId = policyId;
        this.policyRevision = revision;
    }

    /** The connection in use. */
    public synchronized FleetConnection connection() {
        return connection;
    }

    /** Runs the loop on the calling thread until {@link #stop()}. */
    public void run() {
        if (stopped) {
            return;
        }
        client = setup.clients().apply(connection);
        Backoff failures = new Backoff(setup.timing().failureInit(), setup.timing().failureMax(), setup.random());
        int unauthorized = 0;
        setup.listener().fleetState(Connectivity.STARTING, "Connecting to Fleet at " + connection.primary());
        if (!stopped) {
            confirmCredentials();
        }
        while (!stopped) {
            Duration wait;
            try {
                flushAcks();
                CheckinRequest base = setup.status().get();
                CheckinRequest req = new CheckinRequest(base.status(), base.message(), ackToken, base.components(),
                        base.localMetadata(), policyId, policyRevision);
                CheckinResponse resp = client.checkin(setup.agentId(), setup.apiKey(), req, setup.gzip(), setup.timing().pollTimeout());
                unauthorized = 0;
                failures.reset();
                ackToken = resp.ackToken().isEmpty() ? ackToken : resp.ackToken();
                setup.listener().fleetState(Connectivity.ONLINE, "Connected to Fleet at " + client.baseUrl() + lastPolicyNote());
                for (FleetAction a : resp.actions()) {
                    pendingAcks.add(actions.dispatch(a));
                }
                flushAcks();
                Timing t = setup.timing();
                wait = t.checkinDelay().plusMillis(setup.random().nextLong(Math.max(1, t.checkinJitter().toMillis())));
            } catch (FleetApiException e) {
                if (stopped) {
                    break;
                }
                if (e.status() == 401) {
                    unauthorized++;
                    setup.listener().fleetState(Connectivity.FAILED, "Fleet rejected the agent's API key (" + e.getMessage()
                            + "); the credentials are kept. If the agent was unenrolled in Fleet, enroll it again with --force"
                            + (unauthorized >= 6 ? "; checking again in 1h" : ""));
                    wait = unauthorized >= 6 ? setup.timing().unauthorizedWait() : failures.next();
                } else {
                    wait = failures.next();
                    setup.listener().fleetState(Connectivity.DEGRADED, "check-in failed: Fleet Server answered " + e.getMessage()
                            + "; retrying in " + org.fleetagent.config.GoDuration.human(wait));
                }
            } catch (IOException e) {
                if (stopped) {
                    break;
                }
                rotateHosts();
                wait = failures.next();
                setup.listener().fleetState(Connectivity.DEGRADED, "cannot reach Fleet at " + client.baseUrl() + ": "
                        + describe(e) + "; retrying in " + org.fleetagent.config.GoDuration.human(wait));
            }
            sleep(wait);
        }
    }

    /**
     * An empty ack proves at once that Fleet answers and accepts the API key, so the Fleet state is known before
     * the first long poll returns (which takes up to 5 minutes when no action is pending).
     */
    private void confirmCredentials() {
        try {
            client.ack(setup.agentId(), setup.apiKey(), List.of(), setup.timing().probeTimeout());
            setup.listener().fleetState(Connectivity.ONLINE, "Connected to Fleet at " + client.baseUrl());
        } catch (FleetApiException e) {
            if (e.status() == 401) {
                setup.listener().fleetState(Connectivity.FAILED, "Fleet rejected the agent's API key (" + e.getMessage()
                        + "); the credentials are kept. If the agent was unenrolled in Fleet, enroll it again with --force");
            }
        } catch (IOException e) {
            // the check-in loop reports and retries
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopped;
    }

    /** Stops the loop and cancels a check-in in flight. */
    public void stop() {
        stopped = true;
        FleetClient c = client;
        if (c != null) {
            c.cancelAll();
        }
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private String lastPolicyNote() {
        return policyId == null ? "" : "; policy " + policyId + " revision " + policyRevision;
    }

    private AckEvent applyPolicyChange(FleetAction a) {
        Policy policy;
        try {
            PolicyChange change = Json.convert(a.data(), PolicyChange.class);
            policy = Policy.of(change == null || change.policy() == null ? Map.of() : change.policy());
        } catch (IllegalArgumentException e) {
            return FleetActions.failed(a, "the policy cannot be read: " + e.getMessage());
        }
        String rejected = applyFleetSettings(policy.fleet());
        String notApplied = setup.listener().applyPolicy(policy);
        if (policy.id() != null) {
            policyId = policy.id();
        }
        if (policy.revision() != null) {
            policyRevision = policy.revision();
        }
        String error = rejected != null ? rejected : notApplied;
        if (rejected != null) {
            setup.listener().fleetState(Connectivity.DEGRADED, "Connected to Fleet at " + client.baseUrl() + "; " + rejected);
        }
        return error == null ? FleetActions.done(a) : FleetActions.failed(a, error);
    }

    /** Probes the Fleet settings of a policy and switches to them only if one host answers through them. */
    private String applyFleetSettings(PolicyFleet policyFleet) {
        if (policyFleet == null) {
            return null;
        }
        FleetConnection current = connection();
        FleetConnection candidate = current.withPolicy(policyFleet);
        if (candidate.equals(current)) {
            return null;
        }
        List<String> failures = new ArrayList<>();
        List<URI> working = new ArrayList<>();
        for (URI host : candidate.hosts()) {
            FleetConnection single = new FleetConnection(List.of(host), candidate.headers(), candidate.tls(), candidate.proxy(),
                    candidate.proxySource(), candidate.hostsFromPolicy());
            try {
                setup.clients().apply(single).status(setup.timing().probeTimeout());
                working.add(host);
            } catch (IOException | RuntimeException e) {
                failures.add(host + ": " + describe(e));
            }
        }
        if (working.isEmpty()) {
            return "rejected the Fleet settings of the new policy, none of its Fleet hosts answered through them ("
                    + String.join("; ", failures) + "); keeping " + current.primary();
        }
        List<URI> ordered = new ArrayList<>(working);
        candidate.hosts().stream().filter(h -> !working.contains(h)).forEach(ordered::add);
        FleetConnection accepted = new FleetConnection(ordered, candidate.headers(), candidate.tls(), candidate.proxy(),
                candidate.proxySource(), candidate.hostsFromPolicy());
        try {
            setup.listener().connectionChanged(accepted);
        } catch (IOException e) {
            return "could not store the new Fleet settings: " + e.getMessage() + "; keeping " + current.primary();
        }
        synchronized (this) {
            connection = accepted;
        }
        client = setup.clients().apply(accepted);
        return null;
    }

    private void flushAcks() throws IOException {
        if (pendingAcks.isEmpty()) {
            return;
        }
        client.ack(setup.agentId(), setup.apiKey(), List.copyOf(pendingAcks), setup.timing().probeTimeout().multipliedBy(4));
        pendingAcks.clear();
    }

    private synchronized void rotateHosts() {
        if (connection.hosts().size() < 2) {
            return;
        }
        List<URI> h = new ArrayList<>(connection.hosts().subList(1, connection.hosts().size()));
        h.add(connection.hosts().get(0));
        connection = new FleetConnection(h, connection.headers(), connection.tls(), connection.proxy(),
                connection.proxySource(), connection.hostsFromPolicy());
        client = setup.clients().apply(connection);
    }

    private void sleep(Duration d) {
        lock.lock();
        try {
            long nanos = d.toNanos();
            while (!stopped && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof InterruptedIOException) {
            return "no answer in time";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

}
