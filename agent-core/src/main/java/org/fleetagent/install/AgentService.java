package org.fleetagent.install;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ControlClient;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * Starts and stops the installed agent. Where systemd runs (PID 1, real root), it is the systemd service:
 * {@code systemctl enable/start/stop}. Elsewhere (containers, CI, a test root) the documented fallback is a
 * detached {@code elastic-agent run} process started by install; it does not come back after a reboot. Either
 * way "started" means the daemon answers on its control socket.
 */
public final class AgentService {

    /** How the agent runs. */
    public enum Mode {
        /** a systemd service */
        SYSTEMD,
        /** a process started by install (systemd is not running here) */
        PROCESS
    }

    private final InstallLayout layout;
    private final Mode mode;
    private final String user;
    private final String group;

    /** @param user the service user and group (empty: root), for the process mode */
    public AgentService(InstallLayout layout, Mode mode, String user, String group) {
        this.layout = layout;
        this.mode = mode;
        this.user = user == null ? "" : user;
        this.group = group == null || group.isEmpty() ? this.user : group;
    }

    /** The mode for a layout: systemd when it runs here. */
    public static Mode modeFor(InstallLayout layout) {
        return layout.systemdRunning() ? Mode.SYSTEMD : Mode.PROCESS;
    }

    public Mode mode() {
        return mode;
    }

    /** What the service is, for messages. */
    public String describe() {
        return mode == Mode.SYSTEMD ? "systemd service " + layout.serviceName()
                : "agent process (systemd is not running here, so install starts 'elastic-agent run' itself; it does not start at boot)";
    }

    /** Registers the unit with systemd and enables it (nothing to do in process mode). */
    public void enable() {
        if (mode == Mode.SYSTEMD) {
            SystemCommands.check(List.of("systemctl", "daemon-reload"), "reloading systemd");
            SystemCommands.check(List.of("systemctl", "enable", layout.serviceName() + ".service"), "enabling the service");
        }
    }

    /** Disables the service and reloads systemd (nothing to do in process mode). */
    public void disable() {
        if (mode == Mode.SYSTEMD) {
            SystemCommands.run(List.of("systemctl", "disable", layout.serviceName() + ".service"));
            SystemCommands.run(List.of("systemctl", "daemon-reload"));
        }
    }

    /** Starts the agent and waits until its daemon answers on the control socket. */
    public void start(Duration timeout) {
        Path socket = layout.agentPaths().socket();
        Process process = launch();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (state(socket, Duration.ofSeconds(2)).isPresent()) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new AgentException(ExitCode.FAILURE, "the agent exited with status " + process.exitValue() + " right after it was started: "
                        + tail(output()) + " (see " + output() + ")");
            }
            sleep(50);
        }
        throw new AgentException(ExitCode.TIMED_OUT, "the agent did not open its control socket " + socket + " within " + timeout
                + (mode == Mode.SYSTEMD ? "; see 'journalctl -u " + layout.serviceName() + "'" : "; see " + output()));
    }

    /** Starts the agent without waiting for it: {@code systemctl start}, or the detached process (returned). */
    public Process launch() {
        if (mode == Mode.SYSTEMD) {
            SystemCommands.check(List.of("systemctl", "start", layout.serviceName() + ".service"), "starting the service");
            return null;
        }
        return spawn();
    }

    /** Stops the agent if it runs and waits until its process has exited; returns whether one was running. */
    public boolean stop(Duration timeout) {
        if (mode == Mode.SYSTEMD) {
            SystemCommands.run(List.of("systemctl", "stop", layout.serviceName() + ".service"));
        }
        Path socket = layout.agentPaths().socket();
        Optional<AgentState> s = state(socket, Duration.ofSeconds(2));
        if (s.isEmpty()) {
            return stopUnanswering();
        }
        long pid = s.get().info().pid();
        try (ControlClient c = ControlClient.connect(socket)) {
            c.stop(Duration.ofSeconds(5));
        } catch (AgentException e) {
            // it may close the connection while stopping
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        long end = System.nanoTime() + timeout.toNanos();
        while (h.isPresent() && h.get().isAlive() && System.nanoTime() < end) {
            sleep(50);
        }
        if (h.isPresent() && h.get().isAlive()) {
            h.get().destroyForcibly();
        }
        return true;
    }

    /**
     * Kills a daemon of this install that does not answer on its socket (yet): one an install killed half-way had just
     * started. Found by the distribution its launcher names, so that undoing the install does not leave it running.
     */
    private boolean stopUnanswering() {
        String dist = "-Delastic.agent.dist=" + layout.top();
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(h -> h.info().arguments()
                .map(a -> List.of(a).contains(dist) && List.of(a).contains("run")).orElse(false)).toList();
        found.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : found) {
            try {
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // reported by the undo that follows if its files cannot be removed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !found.isEmpty();
    }

    /** Whether a daemon answers on the installed agent's control socket. */
    public boolean running() {
        return state(layout.agentPaths().socket(), Duration.ofSeconds(2)).isPresent();
    }

    private Process spawn() {
        Path out = output();
        try {
            Files.createDirectories(out.getParent());
            List<String> cmd = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                cmd.add("/usr/bin/setsid"); // its own session: the agent outlives the terminal that ran install
            }
            if (!user.isEmpty()) {
                cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups"));
            }
            cmd.add(layout.launcher().toString());
            cmd.add("run");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(layout.top().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
            Map<String, String> env = pb.environment();
            // the daemon needs none of the secrets install was given
            env.keySet().removeIf(k -> k.equals("FLEET_ENROLLMENT_TOKEN") || k.contains("SERVICE_TOKEN") || k.contains("PASSWORD"));
            return pb.start();
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot start " + layout.launcher() + " run: " + e.getMessage());
        }
    }

    /** Where the process-mode daemon's own standard output and error go (its log is under data/logs). */
    Path output() {
        return layout.top().resolve("data").resolve("service-output.log");
    }

    private static Optional<AgentState> state(Path socket, Duration timeout) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try (ControlClient c = ControlClient.connect(socket)) {
            return Optional.of(c.state(timeout));
        } catch (AgentException e) {
            return Optional.empty();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(ExitCode.FAILURE, "interrupted");
        }
    }
}
