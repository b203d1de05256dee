package org.fleetagent.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.fleetagent.component.Policy;
import org.fleetagent.component.PrestartedComponents;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlServer;
import org.fleetagent.control.State;
import org.fleetagent.control.StateHub;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.AtomicFiles;
import org.fleetagent.platform.SystemdNotifier;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.version.AgentVersion;

/**
 * {@code elastic-agent run}: one daemon per home (a lock on {@code <top>/data/agent.lock}) that serves the control
 * socket and keeps the agent checked in with Fleet. At start it encrypts a plaintext {@code fleet.yml} into
 * fleet.enc and removes it. {@code restart} re-reads fleet.enc and restarts the Fleet gateway while the socket
 * stays up; the control requests (restart, stop) come in through {@link ControlServer.Handlers}. The work is split
 * between {@link CheckinLoop} (Fleet), {@link PolicyApplication} (policies) and {@link Components} (supervision).
 * It tells systemd READY and STOPPING when {@code NOTIFY_SOCKET} is set, and stops cleanly on SIGTERM.
 */
public final class Daemon implements ControlServer.Handlers {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final AgentPaths paths;
    private final HttpClientFactory transport;
    private final SystemdNotifier systemd;
    private final FleetConfigStore store;
    private final StateHub hub;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Object subsystems = new Object();
    private final Components components;
    private final PolicyApplication policies;
    private final CheckinLoop checkins;
    private final boolean checksIn;

    public Daemon(AgentPaths paths, Map<String, String> env) {
        this(paths, env, null);
    }

    /**
     * @param fleetInitTimeout how long the first check-in waits for a local Fleet Server ({@code run
     *                         --fleet-init-timeout}); null reads {@code FLEET_SERVER_INIT_TIMEOUT}, zero means 30 s
     */
    public Daemon(AgentPaths paths, Map<String, String> env, Duration fleetInitTimeout) {
        this(paths, env, true, fleetInitTimeout, new PrestartedComponents());
    }

    /**
     * The daemon a Fleet Server bootstrap runs in its own process: the same, except that it does not check in with
     * Fleet. It is stopped the moment the component is HEALTHY with the new agent id; a first check-in begun then
     * would only be cancelled, and finishing its work would delay the stop. Its supervisors take the component
     * processes the bootstrap started ahead of it.
     */
    public static Daemon forBootstrap(AgentPaths paths, Map<String, String> env, PrestartedComponents prestarted) {
        return new Daemon(paths, env, false, null, prestarted);
    }

    private Daemon(AgentPaths paths, Map<String, String> env, boolean checksIn, Duration fleetInitTimeout, PrestartedComponents prestarted) {
        this.checksIn = checksIn;
        this.paths = paths;
        this.transport = new HttpClientFactory(env);
        this.systemd = new SystemdNotifier(env);
        this.store = new FleetConfigStore(paths);
        AgentVersion v = AgentVersion.current();
        this.hub = new StateHub(new AgentState(new AgentState.Info("", v.version(), v.commit(), v.buildTime().toString(), v.snapshot(),
                ProcessHandle.current().pid(), !runsAsRoot(), false),
                State.STARTING, "Starting", State.STARTING, "Not connected yet", List.of()));
        this.components = new Components(paths.components(), hub, prestarted);
        this.policies = new PolicyApplication(paths, components);
        this.checkins = new CheckinLoop(transport, hub, store, policies, fleetInitTimeout == null ? initTimeout(env)
                : fleetInitTimeout.isZero() ? Duration.ofSeconds(30) : fleetInitTimeout);
    }

    /** Whether the daemon runs as root (from /proc, keeping JNA off the start); the real agent reports {@code unprivileged} otherwise. */
    private static boolean runsAsRoot() {
        try {
            return ((Number) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid")).longValue() == 0;
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Duration initTimeout(Map<String, String> env) {
        Duration init = Duration.ofSeconds(30);
        try {
            String v = env.get("FLEET_SERVER_INIT_TIMEOUT");
            Duration given = v == null || v.isBlank() ? Duration.ZERO : org.fleetagent.config.GoDuration.parse(v);
            if (!given.isZero()) { // zero means the default, as in the real agent
                init = given;
            }
        } catch (IllegalArgumentException e) {
            LOG.warning("FLEET_SERVER_INIT_TIMEOUT: " + e.getMessage() + "; using 30s");
        }
        return init;
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
        // a broken configuration stops the start before anything is created (data/, agent.lock)
        YamlFiles.read(paths.configFile(), "fix it, or move it away to run with the defaults; then start the agent again");
        store.read();
        try {
            Files.createDirectories(paths.data());
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot create " + paths.data() + ": " + e.getMessage(), e);
        }
        try (FileChannel lockFile = FileChannel.open(paths.data().resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile)) {
            for (Path leftover : AtomicFiles.leftovers(paths.data(), Set.of("state.enc"))) {
                Files.deleteIfExists(leftover); // a killed write's; the lock says no other daemon writes here
            }
            if (store.migratePlaintext()) {
                LOG.info("encrypted the plaintext " + paths.fleetYml() + " into " + paths.fleetEnc() + " and removed it");
            }
            try (ControlServer control = new ControlServer(paths.socket(), hub, this)) {
                control.start();
                listening.countDown();
                LOG.info("control socket listening at " + paths.socket());
                startSubsystems();
                DelayedEnrollmentStart.startIfPending(paths, transport, hub, stopped, this::restart);
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

    private FileLock tryLock(FileChannel ch) throws IOException {
        FileLock l = ch.tryLock();
        if (l == null) {
            throw new AgentException(ExitCode.CONFLICT, "an Elastic Agent daemon is already running from " + paths.top()
                    + " (it holds " + paths.data().resolve("agent.lock") + "): 'elastic-agent status' shows it");
        }
        return l;
    }

    /** Asks the daemon to stop; {@link #run()} returns soon after. */
    @Override
    public void stop() {
        stopped.countDown();
    }

    /** Whether {@link #stop()} was called (a daemon that returns without it ended by itself, with its own status). */
    public boolean stopRequested() {
        return stopped.getCount() == 0;
    }

    /** Re-reads fleet.enc and restarts the subsystems; the control socket stays up. */
    @Override
    public void restart() {
        hub.update(s -> s.withState(State.CONFIGURING, "Restarting"));
        stopSubsystems();
        startSubsystems();
    }

    private void startSubsystems() {
        synchronized (subsystems) {
            FleetConfig doc = store.read();
            if (!doc.fleetEnabled()) {
                policies.none();
                hub.update(s -> s.withState(State.HEALTHY, "Running").withFleet(State.STOPPED, "Not enrolled in Fleet"));
                return;
            }
            FleetConfig.Fleet fleet = doc.fleet();
            String agentId = doc.agentId();
            FleetConfig.FleetServer server = fleet.server();
            String key = fleet.accessApiKey();
            if (server != null && (server.bootstrapping() || key == null || key.isEmpty())) {
                hub.update(s -> s.withState(State.HEALTHY, "Running").withFleet(State.STARTING, "Bootstrapping the local Fleet Server"));
                policies.bootstrap(server);
                return;
            }
            FleetConnection connection = fleet.connection().get();
            boolean gzip = fleet.gzipCheckins();
            hub.update(s -> new AgentState(s.info().withAgent(agentId, true),
                    State.HEALTHY, "Running", State.STARTING, "Connecting to Fleet at " + connection.primary(), s.components()));
            if (!checksIn) {
                hub.update(s -> s.withFleet(State.STOPPED, "Not checking in: this daemon only completes the Fleet Server bootstrap"));
            }
            Policy last = policies.resume(server, agentId);
            if (checksIn) {
                checkins.start(connection, agentId, key == null ? "null" : key, gzip, last, server != null);
            }
        }
    }

    private void stopSubsystems() {
        synchronized (subsystems) {
            checkins.stop();
        }
    }
}
