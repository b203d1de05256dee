package org.fleetagent.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.ControlServer;
import org.fleetagent.control.State;
import org.fleetagent.control.StateHub;
import org.fleetagent.control.UnitState;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.CheckinRequest;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.json.JsonValue;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.SystemdNotifier;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;

/**
 * {@code elastic-agent run}: one daemon per home (a lock on {@code <top>/data/agent.lock}) that serves the control
 * socket and keeps the agent checked in with Fleet. At start it encrypts a plaintext {@code fleet.yml} into
 * fleet.enc and removes it. {@code restart} re-reads fleet.enc and restarts the Fleet gateway while the socket
 * stays up. It tells systemd READY and STOPPING when {@code NOTIFY_SOCKET} is set, and stops cleanly on SIGTERM.
 */
public final class Daemon {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final AgentPaths paths;
    private final HttpClientFactory transport;
    private final SystemdNotifier systemd;
    private final FleetConfigStore store;
    private final StateHub hub;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Object subsystems = new Object();
    private FleetGateway gateway;
    private Thread gatewayThread;
    private final Components components;
    private final Duration initTimeout;
    private final boolean checksIn;
    private String agentId = "";
    private Map<String, Object> localServer;

    public Daemon(AgentPaths paths, Map<String, String> env) {
        this(paths, env, true);
    }

    /**
     * The daemon a Fleet Server bootstrap runs in its own process: the same, except that it does not check in with
     * Fleet. It is stopped the moment the component is HEALTHY with the new agent id; a first check-in begun then
     * would only be cancelled, and finishing its work would delay the stop.
     */
    public static Daemon forBootstrap(AgentPaths paths, Map<String, String> env) {
        return new Daemon(paths, env, false);
    }

    private Daemon(AgentPaths paths, Map<String, String> env, boolean checksIn) {
        this.checksIn = checksIn;
        this.paths = paths;
        this.transport = new HttpClientFactory(env);
        this.systemd = new SystemdNotifier(env);
        this.store = new FleetConfigStore(paths);
        this.components = new Components(paths.components(), this::publishComponent, this::removeComponent);
        Duration init = Duration.ofSeconds(30);
        try {
            String v = env.get("FLEET_SERVER_INIT_TIMEOUT");
            if (v != null && !v.isBlank()) {
                init = org.fleetagent.config.GoDuration.parse(v);
            }
        } catch (IllegalArgumentException e) {
            LOG.warning("FLEET_SERVER_INIT_TIMEOUT: " + e.getMessage() + "; using 30s");
        }
        this.initTimeout = init;
        AgentVersion v = AgentVersion.current();
        this.hub = new StateHub(new AgentState(new AgentState.Info("", v.version(), v.commit(), ProcessHandle.current().pid()),
                State.STARTING, "Starting", State.STARTING, "Not connected yet", List.of()));
    }

    public StateHub hub() {
        return hub;
    }

    /** Waits at most {@code timeout} for the control socket to accept connections; false when it does not yet. */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        return listening.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Runs until {@link #stop()} (or SIGTERM); returns the exit code. */
    public int run() {
        try {
            Files.createDirectories(paths.data());
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot create " + paths.data() + ": " + e.getMessage(), e);
        }
        try (FileChannel lockFile = FileChannel.open(paths.data().resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile)) {
            if (store.migratePlaintext()) {
                LOG.info("encrypted the plaintext " + paths.fleetYml() + " into " + paths.fleetEnc() + " and removed it");
            }
            try (ControlServer control = new ControlServer(paths.socket(), hub, new ControlServer.Handlers() {
                @Override
                public void restart() {
                    Daemon.this.restart();
                }

                @Override
                public void stop() {
                    Daemon.this.stop();
                }
            })) {
                control.start();
                listening.countDown();
                LOG.info("control socket listening at " + paths.socket());
                startSubsystems();
                startDelayedEnrollment();
                systemd.ready();
                stopped.await();
                hub.update(s -> s.withState(State.STOPPING, "Stopping"));
                systemd.stopping();
                stopSubsystems();
                components.close();
            }
            LOG.info("stopped");
            return ExitCode.OK.code();
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "the daemon failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE.code();
        }
    }

    /**
     * {@code --delay-enroll}: the enrollment options wait encrypted in enroll.enc; the first start enrolls with them
     * (retrying as enroll does, within their --enroll-timeout), removes the file and restarts into Fleet mode.
     */
    private void startDelayedEnrollment() {
        org.fleetagent.enroll.DelayedEnrollment delayed = new org.fleetagent.enroll.DelayedEnrollment(paths);
        if (!delayed.pending()) {
            return;
        }
        java.util.Optional<org.fleetagent.enroll.EnrollOptions> options;
        try {
            options = delayed.load();
        } catch (RuntimeException e) {
            LOG.severe("cannot read the delayed enrollment " + delayed.file() + ": " + e.getMessage());
            hub.update(s -> s.withFleet(State.FAILED, "Delayed enrollment unreadable: " + e.getMessage()));
            return;
        }
        if (options.isEmpty()) {
            return;
        }
        hub.update(s -> s.withFleet(State.STARTING, "Enrolling into " + options.get().url() + " (delayed enrollment)"));
        Thread.ofPlatform().name("delayed-enroll").daemon(true).start(() -> {
            org.fleetagent.enroll.EnrollProgress logged = new org.fleetagent.enroll.EnrollProgress() {
                @Override
                public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
                    LOG.warning("delayed enrollment attempt " + attempt + " failed: " + cause + "; retrying in " + wait);
                    hub.update(s -> s.withFleet(State.STARTING, "Enrolling (attempt " + attempt + " failed: " + cause + ")"));
                }

                @Override
                public void await(Duration wait) throws InterruptedException {
                    if (stopped.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        throw new InterruptedException("stopping");
                    }
                }

                @Override
                public void warn(String message) {
                    LOG.warning(message);
                }
            };
            try {
                org.fleetagent.enroll.EnrollResult r = new org.fleetagent.enroll.EnrollService(paths, transport, logged,
                        java.time.Clock.systemUTC()).enroll(options.get(), true, null);
                delayed.clear();
                LOG.info("delayed enrollment done: agent " + r.agentId() + " in policy " + r.policyId());
                restart();
            } catch (AgentException | IOException e) {
                LOG.severe("delayed enrollment failed: " + e.getMessage());
                hub.update(s -> s.withFleet(State.FAILED, "Delayed enrollment failed: " + e.getMessage()));
            }
        });
    }

    private FileLock tryLock(FileChannel ch) throws IOException {
        FileLock l = ch.tryLock();
        if (l == null) {
            throw new AgentException(ExitCode.CONFLICT, "an Elastic Agent daemon is already running from " + paths.top()
                    + " (it holds " + paths.data().resolve("agent.lock") + "): 'elastic-agent status' shows it");
        }
        return l;
    }

    /** Asks the daemon to stop; {@link #run()} returns soon after. */
    public void stop() {
        stopped.countDown();
    }

    /** Re-reads fleet.enc and restarts the subsystems; the control socket stays up. */
    public void restart() {
        hub.update(s -> s.withState(State.CONFIGURING, "Restarting"));
        stopSubsystems();
        startSubsystems();
    }

    private void startSubsystems() {
        synchronized (subsystems) {
            Map<String, Object> doc = store.load();
            Object fleet = doc.get("fleet");
            if (!(fleet instanceof Map<?, ?> f) || !Boolean.TRUE.equals(f.get("enabled"))) {
                // components of an earlier configuration stop (a failed Fleet Server bootstrap put the old one back)
                localServer = null;
                this.agentId = "";
                components.apply(LocalFleetServer.policy(null, null), "");
                hub.update(s -> s.withState(State.HEALTHY, "Running").withFleet(State.STOPPED, "Not enrolled in Fleet"));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fleetMap = (Map<String, Object>) fleet;
            Object agent = doc.get("agent");
            String agentId = agent instanceof Map<?, ?> a && a.get("id") != null ? String.valueOf(a.get("id")) : "";
            @SuppressWarnings("unchecked")
            Map<String, Object> server = fleetMap.get("server") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            localServer = server;
            Object key = fleetMap.get("access_api_key");
            if (server != null && (Boolean.TRUE.equals(server.get("bootstrap")) || key == null || String.valueOf(key).isEmpty())) {
                // bootstrapping a local Fleet Server: run it, and wait for the enroller to give the agent an identity
                this.agentId = "";
                hub.update(s -> s.withState(State.HEALTHY, "Running").withFleet(State.STARTING, "Bootstrapping the local Fleet Server"));
                components.apply(LocalFleetServer.policy(server, null), "");
                return;
            }
            String apiKey = String.valueOf(key);
            FleetConnection connection = FleetConnection.fromConfig(fleetMap);
            boolean gzip = !(fleetMap.get("checkin") instanceof Map<?, ?> c && "none".equals(c.get("compression")));
            hub.update(s -> new AgentState(new AgentState.Info(agentId, s.info().version(), s.info().commit(), s.info().pid()),
                    State.HEALTHY, "Running", State.STARTING, "Connecting to Fleet at " + connection.primary(), s.components()));
            this.agentId = agentId;
            if (!checksIn) {
                hub.update(s -> s.withFleet(State.STOPPED, "Not checking in: this daemon only completes the Fleet Server bootstrap"));
            }
            // the policy in force before a restart or a crash runs its components again at once (with the local Fleet
            // Server, if any); without one, the local Fleet Server alone
            JsonValue last = lastPolicy();
            if (last != null || server != null) {
                components.apply(LocalFleetServer.policy(server, last), agentId);
            }
            if (!checksIn) {
                return;
            }
            gateway = new FleetGateway(connection, agentId, apiKey, gzip, this::client, this::checkinStatus, new GatewayListener(),
                    FleetGateway.Timing.real(), new SecureRandom());
            if (last != null) {
                gateway.resume(last.path("id").asText(null), last.has("revision") ? last.path("revision").asLong() : null);
            }
            FleetGateway g = gateway;
            boolean local = server != null;
            gatewayThread = Thread.ofPlatform().name("fleet-gateway").daemon(true).start(() -> {
                if (local) {
                    awaitLocalFleetServer(g);
                }
                g.run();
            });
        }
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

    private void stopSubsystems() {
        synchronized (subsystems) {
            if (gateway != null) {
                gateway.stop();
                try {
                    gatewayThread.join(Duration.ofSeconds(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                gateway = null;
                gatewayThread = null;
            }

        }
    }

    /** A component's state into the agent's: a FAILED component makes the agent DEGRADED. */
    private void publishComponent(ComponentState c) {
        hub.update(s -> summarized(s.withComponent(c)));
    }

    /** A component the policy no longer has leaves the agent's state. */
    private void removeComponent(String id) {
        hub.update(s -> summarized(s.withoutComponent(id)));
    }

    private static AgentState summarized(AgentState next) {
        if (next.state() == State.STOPPING || next.state() == State.CONFIGURING) {
            return next;
        }
        List<String> failed = next.components().stream().filter(x -> x.state() == State.FAILED).map(ComponentState::name).toList();
        return failed.isEmpty() ? next.withState(State.HEALTHY, "Running")
                : next.withState(State.DEGRADED, "component " + String.join(", ", failed) + " failed");
    }

    private org.fleetagent.store.EncryptedStore stateStore() {
        return new org.fleetagent.store.EncryptedStore(paths.data().resolve("state.enc"), new org.fleetagent.store.FileVault(paths.vault()));
    }

    private JsonValue lastPolicy() {
        try {
            byte[] raw = stateStore().load();
            return raw.length == 0 ? null : org.fleetagent.json.Json.read(raw).path("policy");
        } catch (IOException | RuntimeException e) {
            LOG.warning("ignoring the stored policy in " + paths.data().resolve("state.enc") + ": " + e.getMessage());
            return null;
        }
    }

    private FleetClient client(FleetConnection c) {
        return new FleetClient(transport.create(new TransportSettings(c.tls(), c.proxy(), Duration.ofMinutes(10), Duration.ofSeconds(30))),
                c.primary(), c.headers(), AgentVersion.current());
    }

    /** What the next check-in reports: the agent's state and its components in the check-in's shape. */
    private CheckinRequest checkinStatus() {
        AgentState s = hub.current();
        String status = switch (s.state()) {
            case HEALTHY -> "online";
            case DEGRADED -> "degraded";
            case FAILED -> "error";
            default -> "starting";
        };
        List<Map<String, Object>> components = new ArrayList<>();
        for (ComponentState c : s.components()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("type", c.name());
            m.put("status", c.state().name());
            m.put("message", c.message());
            List<Map<String, Object>> units = new ArrayList<>();
            for (UnitState u : c.units()) {
                Map<String, Object> um = new LinkedHashMap<>();
                um.put("id", u.id());
                um.put("type", u.type());
                um.put("status", u.state().name());
                um.put("message", u.message());
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

    /** Where the gateway's news goes: the state hub, fleet.enc, the log. */
    private final class GatewayListener implements FleetGateway.Listener {
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
                Map<String, Object> doc = new LinkedHashMap<>(store.load());
                @SuppressWarnings("unchecked")
                Map<String, Object> fleet = new LinkedHashMap<>((Map<String, Object>) doc.get("fleet"));
                FleetConnection.configKeys().forEach(fleet::remove);
                fleet.putAll(connection.toConfig());
                doc.put("fleet", fleet);
                store.save(doc);
            }
            LOG.info("stored new Fleet settings from the policy: hosts " + connection.hosts()
                    + (connection.proxy().url() != null ? ", proxy " + connection.proxy() : ", no proxy"));
        }

        @Override
        public String applyPolicy(JsonValue policy) {
            components.apply(LocalFleetServer.policy(localServer, policy), agentId);
            try {
                stateStore().save(org.fleetagent.json.Json.write(Map.of("policy", policy)));
            } catch (IOException e) {
                return "the policy was applied but could not be stored: " + e.getMessage();
            }
            LOG.info("applied policy " + policy.path("id").asText() + " revision " + policy.path("revision").asText());
            return null;
        }
    }
}
