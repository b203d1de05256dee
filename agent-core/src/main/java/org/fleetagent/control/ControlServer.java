package org.fleetagent.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.json.Json;
import org.fleetagent.platform.AtomicFiles;

/**
 * The daemon's end of the control protocol (design.md): a Unix domain socket, newline-delimited JSON, one request
 * per line ({@code state}, {@code state.watch}, {@code restart}, {@code stop}, {@code version}), each answered
 * with {@code {"id", "result"}} or {@code {"id", "error": {"code", "message"}}}. The socket is 0600 in a
 * directory created 0700; a stale socket is replaced, a live one is a conflict.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());

    /** What the daemon does for {@code restart} and {@code stop}. */
    public interface Handlers {
        /** Re-reads the configuration and restarts subsystems and components; returns when started again. */
        void restart() throws Exception;

        /** Asks the daemon to stop (returns at once). */
        void stop();
    }

    /** One request line; {@code id} is any JSON value and is echoed as it came. */
    record Request(Object id, String method) {
    }

    private final Path socket;
    private final StateHub hub;
    private final Handlers handlers;
    private ServerSocketChannel server;
    private volatile boolean closed;

    public ControlServer(Path socket, StateHub hub, Handlers handlers) {
        this.socket = socket;
        this.hub = hub;
        this.handlers = handlers;
    }

    public Path socket() {
        return socket;
    }

    /** Binds the socket and starts accepting on a virtual thread. */
    public void start() throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            AtomicFiles.createPrivateDirectory(dir, AtomicFiles.OWNER_ONLY_DIR);
        }
        if (Files.exists(socket)) {
            if (answers(socket)) {
                throw new AgentException(ExitCode.CONFLICT, "another Elastic Agent daemon is running with the control socket "
                        + socket + ": stop it first (elastic-agent status shows it)");
            }
            Files.delete(socket);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, AtomicFiles.OWNER_ONLY);
        Thread.ofVirtual().name("control-accept").start(this::acceptLoop);
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().name("control-conn").start(() -> serve(ch));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "control socket accept failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel ch) {
        ReentrantLock writeLock = new ReentrantLock();
        OutputStream out = Channels.newOutputStream(ch);
        java.util.List<StateHub.Watcher> watchers = new java.util.ArrayList<>();
        try (ch; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Request req;
                try {
                    req = Json.read(line.getBytes(StandardCharsets.UTF_8), Request.class);
                } catch (IOException e) {
                    write(out, writeLock, error(null, "bad_request", "not a JSON request: " + e.getMessage()));
                    continue;
                }
                Object id = req == null ? null : req.id();
                String method = req == null || req.method() == null ? "" : req.method();
                switch (method) {
                    case "state" -> write(out, writeLock, result(id, hub.current().toJson()));
                    case "version" -> write(out, writeLock, result(id, DaemonVersion.of(hub.current().info()).toJson()));
                    case "state.watch" -> {
                        // every watch request gets its own stream, answered with its own id
                        StateHub.Watcher w = hub.watch();
                        watchers.add(w);
                        Thread.ofVirtual().name("control-watch").start(() -> stream(out, writeLock, id, w));
                    }
                    case "restart" -> write(out, writeLock, result(id, restart()));
                    case "stop" -> {
                        write(out, writeLock, result(id, Map.of("status", "SUCCESS")));
                        handlers.stop();
                    }
                    default -> write(out, writeLock, error(id, "unknown_method", "unknown method \"" + method
                            + "\"; the methods are state, state.watch, restart, stop, version"));
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            watchers.forEach(StateHub.Watcher::close);
        }
    }

    private Map<String, Object> restart() {
        try {
            handlers.restart();
            return Map.of("status", "SUCCESS");
        } catch (Exception e) {
            return Map.of("status", "FAILURE", "error", String.valueOf(e.getMessage()));
        }
    }

    private void stream(OutputStream out, ReentrantLock lock, Object id, StateHub.Watcher w) {
        try (w) {
            while (!closed && !w.isClosed()) {
                AgentState s = w.next(1000);
                if (s != null) {
                    write(out, lock, result(id, s.toJson()));
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the watch
        }
    }

    private static Map<String, Object> result(Object id, Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("result", result);
        return m;
    }

    private static Map<String, Object> error(Object id, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("error", Map.of("code", code, "message", message));
        return m;
    }

    private static void write(OutputStream out, ReentrantLock lock, Object msg) throws IOException {
        byte[] line = (Json.writeString(msg) + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            out.write(line);
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the control socket: " + e.getMessage());
        }
    }
}
