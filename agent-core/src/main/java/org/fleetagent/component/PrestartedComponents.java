package org.fleetagent.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fleetagent.json.Json;

/**
 * Component processes started ahead of their supervisors, so that a component's runtime boots on another core
 * while the caller is still writing the configuration and starting the daemon; the first supervisor of that
 * program takes the process instead of starting one (the Fleet Server bootstrap saves the component's start-up time
 * this way). One instance belongs to one command run: {@code Main} makes it and hands it down to the bootstrap and
 * the daemon it runs in-process, and discards what nobody took at exit.
 */
public final class PrestartedComponents {
    private final Map<Path, Prestarted> byProgram = new ConcurrentHashMap<>();

    /** A process started ahead of its supervisor, and the configuration line it was already given (or null). */
    static final class Prestarted {
        final Process process;
        volatile String sentLine;

        Prestarted(Process process) {
            this.process = process;
        }
    }

    /** Starts {@code <components>/<name> --agent-mode} unless it is not installed or already started here. */
    public synchronized void start(Path components, String name) {
        Path program = components.resolve(name);
        if (!Files.isExecutable(program)) {
            return; // the supervisor reports it as not installed
        }
        Prestarted running = byProgram.get(program);
        if (running != null && running.process.isAlive()) {
            return; // started earlier, before the command line was parsed
        }
        try {
            Prestarted old = byProgram.put(program, new Prestarted(new ProcessBuilder(program.toString(), "--agent-mode").start()));
            if (old != null) {
                ComponentSupervisor.stopProcess(old.process);
            }
        } catch (IOException e) {
            // the supervisor starts it itself and reports why it cannot
        }
    }

    /**
     * Gives a prestarted process its first expected configuration now, before any supervisor takes it: the
     * component works on it (the Fleet Server bootstrap's component checks Elasticsearch and binds its ports)
     * while the caller is still writing the configuration and starting the daemon. The supervisor that takes the
     * process does not send an identical configuration again; a different one is sent as an update, as always.
     *
     * @return whether a prestarted process got it
     */
    public synchronized boolean configure(Path components, String name, Map<String, Object> expectedConfig) {
        Prestarted p = byProgram.get(components.resolve(name));
        if (p == null || !p.process.isAlive() || p.sentLine != null) {
            return false;
        }
        String line = Json.writeString(expectedConfig);
        ComponentSupervisor.writeLine(p.process, line);
        p.sentLine = line;
        return true;
    }

    /** The prestarted process of {@code program}, handed over to its supervisor (null when there is none). */
    synchronized Prestarted take(Path program) {
        return byProgram.remove(program);
    }

    /** Stops the prestarted processes that no supervisor took. */
    public synchronized void discard() {
        for (Path program : Set.copyOf(byProgram.keySet())) {
            Prestarted p = byProgram.remove(program);
            if (p != null) {
                ComponentSupervisor.stopProcess(p.process);
            }
        }
    }
}
