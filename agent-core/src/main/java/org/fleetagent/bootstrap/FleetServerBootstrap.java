package org.fleetagent.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.fleetagent.component.PrestartedComponents;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.State;
import org.fleetagent.control.UnitState;
import org.fleetagent.fleetserver.LocalFleetServer;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollProgress;
import org.fleetagent.enroll.EnrollResult;
import org.fleetagent.enroll.EnrollmentTokens;
import org.fleetagent.enroll.EnrollRetry;
import org.fleetagent.enroll.Enroller;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.store.CarriedSettings;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigCodec;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.store.TokenHash;
import org.fleetagent.tls.SelfSignedAuthority;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;

/**
 * {@code enroll --fleet-server-es ...}: starts a local Fleet Server and enrolls the agent into it, in the steps
 * of the original (seeds/004), with nothing skipped and nothing slept: write the configuration with {@code
 * server.bootstrap: true}; restart the running daemon or spawn {@code run}; watch its state until the
 * fleet-server input reports DEGRADED or HEALTHY and take its enrollment token; enroll over {@code
 * localhost:8221} (no proxy, chain-only verification); write the configuration with {@code bootstrap: false};
 * restart the daemon and wait until the component is HEALTHY with the new agent id. A daemon spawned here is
 * stopped at the end, as in the original. Unlike the original, a bootstrap that fails before the enrollment is
 * stored puts fleet.enc, elastic-agent.yml and the vault back as they were (and a daemon that was running back on
 * them); one that fails after keeps the enrollment, since the agent then exists in Fleet, and says so.
 *
 * @param env        the environment of the daemon this bootstrap runs in this JVM when no daemon is running
 * @param prestarted the command's component processes started ahead (the fleet-server component may be there)
 */
public record FleetServerBootstrap(AgentPaths paths, HttpClientFactory transport, BootstrapProgress progress, EnrollProgress enrollProgress,
                                   Map<String, String> env, PrestartedComponents prestarted) {
    @Override
    public String toString() {
        return "FleetServerBootstrap[" + paths.top() + "]"; // never the record's default: the environment holds tokens
    }

    /**
     * @param fs       the Fleet Server options
     * @param enroll   the enrollment options; its URL and transport are replaced by the local Fleet Server's, its
     *                 token may be empty (then Fleet Server's own is used)
     * @param external the URL other agents use (custom certificates), or null
     */
    public EnrollResult run(FleetServerOptions fs, EnrollOptions enroll, URI external) {
        long t0 = System.nanoTime();
        if (enroll.enrollmentToken() != null && !enroll.enrollmentToken().isEmpty()) {
            EnrollmentTokens.check(enroll.enrollmentToken()); // a malformed token fails before anything starts
        }
        // With no daemon running, the fleet-server component is started first, before the certificates and the
        // configuration are written and the daemon started: its runtime boots meanwhile on another core, and the
        // daemon's supervisor then takes this process (its configuration arrives on stdin, as always).
        boolean daemonRunning = Files.exists(paths.socket()) && answers();
        if (!daemonRunning) {
            prestarted.start(paths.components(), "fleet-server");
        }
        // OpenSSL, which hashes the tokens, is loaded meanwhile; the store's writes then derive their keys there,
        // faster than in Java (a write that comes first waits for the load)
        Thread.ofPlatform().daemon().name("openssl-load").start(TokenHash::prepare);
        FleetConfigStore store = FleetConfigStore.forEnrollment(paths);
        FleetConfigStore.Snapshot before = store.snapshot();
        Written written = new Written();
        try {
            FleetServerConfig.ServerTls tls = serverTls(fs);
            return bootstrap(fs, enroll, tls, store, daemonRunning, t0, written);
        } catch (RuntimeException e) {
            throw undo(e, store, before, daemonRunning, written);
        } finally {
            prestarted.discard();
        }
    }

    /** How far a bootstrap got in writing the configuration: what a failure has to undo, or say it kept. */
    private static final class Written {
        volatile boolean bootstrapConfig;
        volatile String enrolledAgent;
    }

    /**
     * The failure of a bootstrap, after putting back the configuration it wrote (the daemon it ran here is stopped by
     * then; a daemon that was running is restarted with the old configuration). Once the enrollment is stored the
     * agent exists in Fleet: that is kept, and said.
     */
    private AgentException undo(RuntimeException e, FleetConfigStore store, FleetConfigStore.Snapshot before, boolean daemonRunning,
                                Written written) {
        ExitCode code = e instanceof AgentException a ? a.exitCode() : ExitCode.FAILURE;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (written.enrolledAgent != null) {
            return new AgentException(code, why + "; the enrollment itself is kept (agent " + written.enrolledAgent + ", in "
                    + paths.fleetEnc() + "): start the agent with 'elastic-agent run' and see its log in " + paths.logs(), e);
        }
        if (!written.bootstrapConfig) {
            return e instanceof AgentException a ? a : new AgentException(code, why, e);
        }
        String undone = store.restore(before);
        if (daemonRunning) {
            try (ControlClient c = ControlClient.connect(paths.socket())) {
                c.restart(Duration.ofSeconds(60));
                undone += ", and the running daemon was restarted with them";
            } catch (AgentException r) {
                undone += "; the running daemon could not be restarted (" + r.getMessage() + "): run 'elastic-agent restart'";
            }
        }
        return new AgentException(code, why + "; " + undone, e);
    }

    private EnrollResult bootstrap(FleetServerOptions fs, EnrollOptions enroll, FleetServerConfig.ServerTls tls, FleetConfigStore store,
                                   boolean daemonRunning, long t0, Written written) {
        progress.step("writing the Fleet Server bootstrap configuration (server.bootstrap: true)");
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("agent", Map.of("id", ""));
        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("enabled", true);
        fleet.put("protocol", "http");
        fleet.put("host", "localhost:5601");
        fleet.put("timeout", "10m0s");
        fleet.put("proxy_disable", true);
        fleet.put("agent", Map.of("id", ""));
        fleet.put("checkin", Map.of("compression", "gzip"));
        fleet.put("server", FleetServerConfig.server(fs, tls, true));
        first.put("fleet", fleet);
        if (!daemonRunning) {
            // the prestarted component gets the configuration the daemon will give it (the server block as the
            // daemon reads it back from fleet.enc) now, and starts while the store is written and the daemon starts
            FleetConfig.FleetServer server = FleetConfigCodec.read(FleetConfigCodec.write(FleetConfigCodec.decode(first))).fleet().server();
            prestarted.configure(paths.components(), "fleet-server", LocalFleetServer.bootstrapComponentConfiguration(server));
        }
        store.saveEnrolled(first);
        written.bootstrapConfig = true;

        // The enrollment's HTTP client, host facts and hashing engine do not depend on the token: they are made
        // while the daemon and Fleet Server start, so that the enrollment starts the moment Fleet Server is up.
        boolean https = tls != null;
        URI local = URI.create((https ? "https" : "http") + "://localhost:" + FleetServerOptions.INTERNAL_PORT);
        TlsSettings enrollTls = https
                ? new TlsSettings(tls.certificateAuthorities(), List.of(), VerificationMode.CERTIFICATE, enroll.transport().tls().certificate(),
                enroll.transport().tls().key(), enroll.transport().tls().keyPassphrasePath())
                : new TlsSettings(List.of(), List.of(), VerificationMode.NONE, null, null, null);
        TransportSettings localTransport = new TransportSettings(enrollTls, new ProxySettings(null, Map.of(), true, null),
                Duration.ofMinutes(1), Duration.ofSeconds(10));
        CompletableFuture<Enroller> enrollerReady = CompletableFuture.supplyAsync(() -> {
            TokenHash.prepare();
            FleetClient fleetClient = new FleetClient(transport.create(localTransport), local, enroll.headers(), AgentVersion.current());
            return new Enroller(fleetClient, doc -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> f = new LinkedHashMap<>((Map<String, Object>) doc.get("fleet"));
                f.put("server", FleetServerConfig.server(fs, tls, false));
                Map<String, Object> second = new LinkedHashMap<>(doc);
                second.put("fleet", f);
                store.saveEnrolled(second);
                @SuppressWarnings("unchecked")
                Map<String, Object> agent = (Map<String, Object>) doc.get("agent");
                written.enrolledAgent = agent == null ? "" : String.valueOf(agent.get("id"));
            }, enrollProgress, Clock.systemUTC(), new SecureRandom(), HostInfo.current(), AgentVersion.current(), EnrollRetry.INTERACTIVE);
        });

        LocalDaemon spawned = null;
        ControlClient client;
        if (daemonRunning) {
            progress.step("restarting the running daemon so that it starts Fleet Server");
            client = ControlClient.connect(paths.socket());
            client.restart(Duration.ofSeconds(60));
        } else {
            progress.step("starting the daemon (in this process; it stops when the enrollment is done)");
            spawned = LocalDaemon.start(paths, env, prestarted);
            try {
                client = awaitDaemon(spawned, fs.effectiveDaemonTimeout());
            } catch (RuntimeException e) {
                spawned.stop(Duration.ofSeconds(30)); // before the configuration it read is put back
                throw e;
            }
        }
        try {
            Duration timeout = fs.effectiveTimeout();
            Duration wait = timeout.isNegative() ? Duration.ofDays(3650) : timeout;
            progress.step("waiting for Fleet Server to start (the DEGRADED \"missing config fleet.agent.id\" state is expected now)");
            long waitStart = System.nanoTime();
            LocalDaemon daemonProcess = spawned;
            AgentState ready = watch(client, s -> fleetServerInput(s).map(u -> u.state() == State.DEGRADED || u.state() == State.HEALTHY)
                    .orElse(false), daemonProcess, wait, waitStart, "Fleet Server to start");
            progress.done("Fleet Server is up", (System.nanoTime() - waitStart) / 1_000_000);
            String token = enroll.enrollmentToken();
            boolean tokenGiven = token != null && !token.isEmpty();
            if (!tokenGiven) {
                Object t = fleetServerInput(ready).map(u -> u.payload().get("enrollment_token")).orElse(null);
                if (t == null) {
                    throw new AgentException(ExitCode.FAILURE, "Fleet Server reported no enrollment token: pass --enrollment-token");
                }
                token = String.valueOf(t);
            }

            // a token given to the command (FLEET_ENROLLMENT_TOKEN left exported in a shell, say) replaces Fleet Server's own
            progress.step("enrolling into the local Fleet Server at " + local
                    + (tokenGiven ? " with the enrollment token given to this command, not the one Fleet Server made" : ""));
            EnrollOptions localEnroll = new EnrollOptions(local, token, enroll.agentId(), enroll.replaceToken(), enroll.tags(),
                    enroll.headers(), localTransport, !https, enroll.enrollTimeout(), enroll.stagingHash(), enroll.checkinOnStateChange());
            Enroller enroller;
            try {
                enroller = enrollerReady.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            EnrollResult result;
            try {
                result = enroller.enroll(localEnroll, CarriedSettings.NONE);
            } catch (AgentException e) {
                if (tokenGiven && e.exitCode() == ExitCode.CREDENTIALS) {
                    throw new AgentException(ExitCode.CREDENTIALS, "the local Fleet Server refused the enrollment token given to this"
                            + " command (--enrollment-token or FLEET_ENROLLMENT_TOKEN): leave it out to enroll with the token that"
                            + " Fleet Server made for its own policy, or give a token of that policy", e);
                }
                throw e;
            }

            progress.step("restarting the daemon with the agent's identity (server.bootstrap: false)");
            long healthyStart = System.nanoTime();
            client.restart(Duration.ofSeconds(60));
            watch(client, s -> result.agentId().equals(s.info().id()) && fleetServer(s).map(c -> c.state() == State.HEALTHY).orElse(false),
                    daemonProcess, wait, healthyStart, "Fleet Server to run with the new agent id");
            progress.done("Fleet Server is HEALTHY with agent " + result.agentId(), (System.nanoTime() - t0) / 1_000_000);
            return result;
        } finally {
            client.close();
            if (spawned != null) {
                spawned.stop(Duration.ofSeconds(30));
            }
        }
    }

    private AgentState watch(ControlClient client, java.util.function.Predicate<AgentState> until, LocalDaemon daemon, Duration timeout,
                             long startNanos, String what) {
        String[] last = {""};
        try {
            return client.watch(s -> {
                Optional<ComponentState> c = fleetServer(s);
                // a component whose process ended has no units; one that runs and reports FAILED (Elasticsearch not
                // reachable yet, say) retries by itself, so the wait goes on and shows why
                if (c.isPresent() && c.get().state() == State.FAILED && c.get().units().isEmpty()) {
                    throw new AgentException(ExitCode.FAILURE, "the fleet-server component failed while waiting for " + what + ": "
                            + c.get().message());
                }
                return until.test(s);
            }, s -> {
                String line = fleetServer(s).map(c -> c.state() + " - " + c.message()).orElse("not started yet");
                if (!line.equals(last[0])) {
                    last[0] = line;
                    progress.component(fleetServer(s).map(c -> c.state().name()).orElse("-"), line,
                            (System.nanoTime() - startNanos) / 1_000_000);
                }
            }, timeout);
        } catch (AgentException e) {
            if (daemon != null && !daemon.alive()) {
                throw new AgentException(ExitCode.FAILURE, "the daemon stopped unexpectedly (" + daemon.why() + ") while waiting for " + what
                        + "; its log is in " + paths.logs());
            }
            if (e.exitCode() == ExitCode.TIMED_OUT) {
                throw new AgentException(ExitCode.TIMED_OUT, "timed out after " + org.fleetagent.config.GoDuration.human(timeout)
                        + " waiting for " + what + "; last state: " + (last[0].isEmpty() ? "no fleet-server component yet" : last[0])
                        + ". Raise --fleet-server-timeout, or look at the daemon's log in " + paths.logs());
            }
            throw e;
        }
    }

    private static Optional<ComponentState> fleetServer(AgentState s) {
        return s.components().stream().filter(c -> "fleet-server".equals(c.name())).findFirst();
    }

    private static Optional<UnitState> fleetServerInput(AgentState s) {
        return fleetServer(s).flatMap(c -> c.units().stream().filter(u -> "input".equals(u.type())).findFirst());
    }

    private boolean answers() {
        try (ControlClient c = ControlClient.connect(paths.socket())) {
            c.state(Duration.ofSeconds(5));
            return true;
        } catch (AgentException e) {
            return false;
        }
    }

    private ControlClient awaitDaemon(LocalDaemon d, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!d.alive()) {
                throw new AgentException(ExitCode.FAILURE, "the daemon stopped at start (" + d.why() + "); its log is in " + paths.logs());
            }
            // the daemon runs in this process: it says when its socket listens (no polling, no probe request)
            if (d.awaitListening(Duration.ofMillis(20))) {
                return ControlClient.connect(paths.socket());
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        throw new AgentException(ExitCode.TIMED_OUT, "the daemon did not open its control socket within " + timeout);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** The server TLS of the three modes: custom certificates, plain HTTP, or a self-signed CA made here. */
    private static FleetServerConfig.ServerTls serverTls(FleetServerOptions fs) {
        if (fs.cert() != null) {
            return new FleetServerConfig.ServerTls(fs.cert(), fs.certKey(), fs.certKeyPassphrase(), fs.certificateAuthorities());
        }
        if (fs.insecureHttp()) {
            return null;
        }
        SelfSignedAuthority ca = SelfSignedAuthority.create(HostInfo.current().hostname());
        return new FleetServerConfig.ServerTls(ca.certPem(), ca.keyPem(), null, List.of(ca.caPem()));
    }

}
