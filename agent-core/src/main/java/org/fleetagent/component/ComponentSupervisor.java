package org.fleetagent.component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.fleetagent.control.UnitState;
import org.fleetagent.json.Json;
import org.fleetagent.logging.ComponentTag;
import org.fleetagent.retry.Backoff;

/**
 * Runs one component by the component protocol (design.md): starts {@code <components>/<name> --agent-mode},
 * writes the whole expected configuration as one JSON line on its stdin whenever it changes, reads its observed
 * unit states from stdout, keeps its stderr lines (the last 50) and logs them. When it dies it is reported FAILED
 * with its exit code and last log lines, then started again after a backoff (1 s doubling to 30 s, reset once it
 * ran for a minute). Closing its stdin tells it to stop; it is killed after a grace period.
 */
public final class ComponentSupervisor implements AutoCloseable {
    private static final int KEPT_LINES = 50;

    // per supervisor, not static: prestart() runs before the command line is parsed, on the path to the component's
    // start, which initialising java.util.logging would hold back
    private final Logger log = Logger.getLogger(ComponentSupervisor.class.getName());
    private final String name;
    private final Path program;
    private final PrestartedComponents prestarted;
    private final Consumer<ComponentState> publish;
    private final Backoff backoff;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile String expected;
    private volatile boolean stopped;
    private volatile Process process;
    private volatile ComponentState state;
    private Thread supervisor;

    /**
     * @param components the components directory ({@code <home>/components})
     * @param publish    receives every state change of the component
     */
    public ComponentSupervisor(String name, Path components, Consumer<ComponentState> publish, Duration backoffInit, Duration backoffMax) {
        this(name, components, new PrestartedComponents(), publish, backoffInit, backoffMax);
    }

    /** @param prestarted where a process started ahead of this supervisor is taken from */
    public ComponentSupervisor(String name, Path components, PrestartedComponents prestarted, Consumer<ComponentState> publish,
                               Duration backoffInit, Duration backoffMax) {
        this.name = name;
        this.prestarted = prestarted;
        this.program = components.resolve(name);
        this.publish = publish;
        this.backoff = new Backoff(backoffInit, backoffMax, new java.util.SplittableRandom());
        this.state = new ComponentState(name + "-default", name, State.STARTING, "Starting", List.of());
    }

    public String name() {
        return name;
    }

    static void stopProcess(Process p) {
        try {
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** Starts supervising with a first expected configuration. */
    public void start(Map<String, Object> expectedConfig) {
        this.expected = Json.writeString(expectedConfig);
        supervisor = Thread.ofPlatform().daemon(true).name("component-" + name).start(this::superviseLoop);
    }

    /** Sends a new expected configuration (a no-op when it did not change). */
    public void update(Map<String, Object> expectedConfig) {
        String line = Json.writeString(expectedConfig);
        if (line.equals(expected)) {
            return;
        }
        expected = line;
        Process p = process;
        if (p != null && p.isAlive()) {
            writeLine(p, line);
        }
    }

    private void superviseLoop() {
        while (!stopped) {
            if (!Files.isExecutable(program)) {
                report(State.FAILED, "component " + name + " is not installed: no executable " + program, List.of());
                return;
            }
            long started = System.nanoTime();
            int exit;
            try {
                PrestartedComponents.Prestarted early = prestarted.take(program);
                // a prestarted process that already died is still read: its exit code and last lines are the report
                Process p = early != null ? early.process : new ProcessBuilder(program.toString(), "--agent-mode").start();
                process = p;
                report(State.STARTING, "Starting", state.units());
                Thread.ofVirtual().name("component-" + name + "-stderr").start(() -> readStderr(p));
                String line = expected;
                if (early == null || !line.equals(early.sentLine)) {
                    writeLine(p, line);
                }
                readStdout(p);
                exit = p.waitFor();
            } catch (IOException e) {
                exit = -1;
                keep("cannot start " + program + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (stopped) {
                report(State.STOPPED, "Stopped", List.of());
                return;
            }
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMinutes(1)) > 0) {
                backoff.reset();
            }
            Duration wait = backoff.next();
            List<String> tail;
            synchronized (lastLines) {
                tail = new ArrayList<>(lastLines);
            }
            String last = String.join("\n", tail.subList(Math.max(0, tail.size() - 5), tail.size()));
            report(State.FAILED, "component " + name + " exited with code " + exit + "; restarting in "
                    + org.fleetagent.config.GoDuration.human(wait) + (last.isEmpty() ? "" : "; last log lines:\n" + last), List.of());
            log.warning("component " + name + " exited with code " + exit + "; restarting in " + wait.toMillis() + " ms");
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void readStdout(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    StateLine n = Json.read(line.getBytes(StandardCharsets.UTF_8), StateLine.class);
                    List<UnitState> units = new ArrayList<>();
                    for (StateLine.Unit u : n == null || n.units() == null ? List.<StateLine.Unit>of() : n.units()) {
                        units.add(u.toState());
                    }
                    State worst = State.HEALTHY;
                    String message = "Healthy";
                    for (UnitState u : units) {
                        if (u.state().severity() > worst.severity()) {
                            worst = u.state();
                            message = u.message();
                        }
                    }
                    report(worst, message, units);
                } catch (IOException | RuntimeException e) {
                    keep("unreadable state line: " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void readStderr(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                keep(line);
                log.log(java.util.logging.Level.INFO, "[" + name + "] " + line, new ComponentTag(state.id()));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void keep(String line) {
        synchronized (lastLines) {
            lastLines.addLast(line);
            while (lastLines.size() > KEPT_LINES) {
                lastLines.removeFirst();
            }
        }
    }

    static void writeLine(Process p, String line) {
        try {
            OutputStream out = p.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // it is dying; the supervisor notices
        }
    }

    private void report(State s, String message, List<UnitState> units) {
        state = new ComponentState(name + "-default", name, s, message, units);
        publish.accept(state);
    }

    public ComponentState state() {
        return state;
    }

    /** Closes the component's stdin (stop), waits up to 5 s, then kills it. */
    @Override
    public void close() {
        stopped = true;
        Process p = process;
        if (p != null) {
            stopProcess(p);
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
        report(State.STOPPED, "Stopped", List.of());
    }
}
