package org.fleetagent.daemon;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.fleetagent.component.Policy;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.fleetagent.control.StateHub;
import org.fleetagent.control.UnitState;
import org.fleetagent.fleet.CheckinRequest;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.tls.CertificateExpiry;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;

/**
 * The Fleet check-in loop of the daemon: runs a {@link FleetGateway} on a thread of its own, reports the agent's
 * state in each check-in, and routes what the gateway learns to the state hub, fleet.enc and policy application.
 */
final class CheckinLoop {
    private static final Logger LOG = Logger.getLogger(CheckinLoop.class.getName());

    private final HttpClientFactory transport;
    private final StateHub hub;
    private final FleetConfigStore store;
    private final PolicyApplication policies;
    private final Duration initTimeout;
    /** Kept across restarts of the loop, so that no expiry warning is given twice. */
    private final CertificateExpiry expiry = new CertificateExpiry(Clock.systemUTC());
    private FleetGateway gateway;
    private Thread thread;
    private volatile CertificateWatch certificates;

    /** @param initTimeout how long the first check-in waits for a local Fleet Server ({@code FLEET_SERVER_INIT_TIMEOUT}) */
    CheckinLoop(HttpClientFactory transport, StateHub hub, FleetConfigStore store, PolicyApplication policies, Duration initTimeout) {
        this.transport = transport;
        this.hub = hub;
        this.store = store;
        this.policies = policies;
        this.initTimeout = initTimeout;
    }

    /**
     * Starts checking in.
     *
     * @param last        the policy in force before a restart (reported from the first check-in on), or null
     * @param localServer whether this agent runs its Fleet Server, which the first check-in then waits for
     */
    synchronized void start(FleetConnection connection, String agentId, String apiKey, boolean gzip, Policy last,
                            boolean localServer) {
        certificates = new CertificateWatch(connection.tls(), hub, expiry);
        certificates.check(); // an already-expired client certificate is named from the start, not after a check-in
        FleetGateway g = new FleetGateway(connection, agentId, apiKey, gzip, this::client, this::checkinStatus, new Listener(),
                FleetGateway.Timing.real(), new SecureRandom());
        if (last != null) {
            g.resume(last.id(), last.revision());
        }
        gateway = g;
        thread = Thread.ofPlatform().name("fleet-gateway").daemon(true).start(() -> {
            if (localServer) {
                awaitLocalFleetServer(g);
            }
            g.run();
        });
    }

    /** Stops the loop (waiting up to 10 s for its thread); nothing when it is not running. */
    synchronized void stop() {
        if (gateway == null) {
            return;
        }
        gateway.stop();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gateway = null;
        thread = null;
    }

    /**
     * With a local Fleet Server the first check-in waits until that server runs (HEALTHY or DEGRADED), for at most
     * {@code FLEET_SERVER_INIT_TIMEOUT} (30 s, as the real agent): checking in earlier only meets a refused
     * connection and the one-minute failure backoff.
     */
    private void awaitLocalFleetServer(FleetGateway g) {
        hub.update(s -> s.withFleet(State.STARTING, "Waiting for the local Fleet Server to start"));
        long end = System.nanoTime() + initTimeout.toNanos();
        try (StateHub.Watcher w = hub.watch()) {
            while (System.nanoTime() < end && !g.stopped()) {
                AgentState s = w.next(50);
                if (s != null && s.components().stream().anyMatch(c -> "fleet-server".equals(c.name())
                        && (c.state() == State.HEALTHY || c.state() == State.DEGRADED))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!g.stopped()) {
            LOG.warning("the local Fleet Server did not start within " + initTimeout + "; checking in anyway");
        }
    }

    /** A client whose TLS connections report the chain the Fleet Server sent to the certificate watch. */
    private FleetClient client(FleetConnection c) {
        CertificateWatch watch = certificates;
        return new FleetClient(transport.create(new TransportSettings(c.tls(), c.proxy(), Duration.ofMinutes(10), Duration.ofSeconds(30)),
                chain -> watch.serverChain(c.tls(), chain)), c.primary(), c.headers(), AgentVersion.current());
    }

    /** What the next check-in reports: the agent's state (its certificates checked first) and its components in the check-in's shape. */
    private CheckinRequest checkinStatus() {
        certificates.check();
        AgentState s = hub.current();
        String status = switch (s.state()) {
            case HEALTHY -> "online";
            case DEGRADED -> "degraded";
            case FAILED -> "error";
            default -> "starting";
        };
        List<Map<String, Object>> components = new ArrayList<>();
        for (ComponentState c : s.components()) {
            Map<String, Object> m = checkinEntry(c.id(), c.name(), c.state(), c.message());
            List<Map<String, Object>> units = new ArrayList<>();
            for (UnitState u : c.units()) {
                Map<String, Object> um = checkinEntry(u.id(), u.type(), u.state(), u.message());
                if (!u.payload().isEmpty()) {
                    um.put("payload", u.payload());
                }
                units.add(um);
            }
            m.put("units", units);
            components.add(m);
        }
        return new CheckinRequest(status, s.message(), null, components, null, null, null);
    }

    /** A component or a unit as a check-in reports it: the same four members for both. */
    private static Map<String, Object> checkinEntry(String id, String type, State state, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("status", state.name());
        m.put("message", message);
        return m;
    }

    /** Where the gateway's news goes: the state hub, fleet.enc, policy application, the log. */
    private final class Listener implements FleetGateway.Listener {
        @Override
        public void fleetState(FleetGateway.Connectivity c, String message) {
            State s = switch (c) {
                case ONLINE -> State.HEALTHY;
                case DEGRADED -> State.DEGRADED;
                case FAILED -> State.FAILED;
                case STARTING -> State.STARTING;
            };
            AgentState before = hub.current();
            hub.update(st -> st.withFleet(s, message));
            if (before.fleetState() != s || !message.equals(before.fleetMessage())) {
                LOG.info("fleet: " + s + " - " + message);
            }
        }

        @Override
        public void connectionChanged(FleetConnection connection) throws IOException {
            synchronized (store) {
                FleetConfig doc = store.read();
                store.write(doc.withFleet(doc.fleet().withConnection(connection)));
            }
            LOG.info("stored new Fleet settings from the policy: hosts " + connection.hosts()
                    + (connection.proxy().url() != null ? ", proxy " + connection.proxy() : ", no proxy"));
        }

        @Override
        public String applyPolicy(Policy policy) {
            return policies.apply(policy);
        }
    }
}
