package org.fleetagent.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.json.Json;

/**
 * The command line's end of the control protocol. When no daemon answers, the error says which of the three
 * it is: no socket (the daemon is not running), a socket nobody listens on (it died), no permission.
 */
public final class ControlClient implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    /** One reply line: the request id it answers, then its error or its result (bound once the id is known). */
    record Reply(Object id, Failure error, Object result) {
    }

    record Failure(String code, String message) {
    }

    private final SocketChannel channel;
    private final OutputStream out;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
        Thread.ofVirtual().name("control-client-read").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // closed
            }
            lines.add(EOF);
        });
    }

    /** Connects to the daemon's socket. */
    public static ControlClient connect(Path socket) {
        if (!Files.exists(socket)) {
            throw new AgentException(ExitCode.UNREACHABLE, "no Elastic Agent daemon is running: there is no control socket at " + socket
                    + "; start it with 'elastic-agent run' (or 'systemctl start elastic-agent' when installed)");
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(ch);
        } catch (AccessDeniedException e) {
            throw new AgentException(ExitCode.CREDENTIALS, "no permission to use the control socket " + socket + ": run as its owner (root when installed)");
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                throw new AgentException(ExitCode.CREDENTIALS, "no permission to use the control socket " + socket
                        + ": run as its owner (root when installed)");
            }
            throw new AgentException(ExitCode.UNREACHABLE, "the Elastic Agent daemon is not answering on " + socket
                    + " (" + e.getMessage() + "): it stopped or crashed; start it again with 'elastic-agent run'");
        }
    }

    public AgentState state(Duration timeout) {
        return decode(call("state", timeout), StateWire.class).toState();
    }

    /** The daemon's own version. */
    public DaemonVersion version(Duration timeout) {
        try {
            return DaemonVersion.read(call("version", timeout));
        } catch (IllegalArgumentException e) {
            throw malformed(e);
        }
    }

    /** Asks the daemon to restart; returns the daemon's status (SUCCESS or FAILURE with an error). */
    public RestartResult restart(Duration timeout) {
        return decode(call("restart", timeout), RestartResult.class);
    }

    public void stop(Duration timeout) {
        call("stop", timeout);
    }

    /**
     * Watches the state until {@code until} holds or the timeout passes; returns the state that satisfied it.
     *
     * @param onChange sees every state received
     */
    public AgentState watch(Predicate<AgentState> until, java.util.function.Consumer<AgentState> onChange, Duration timeout) {
        int id = send("state.watch");
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply msg = next(id, Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (msg == null) {
                throw new AgentException(ExitCode.TIMED_OUT, "the daemon did not reach the expected state within " + timeout);
            }
            AgentState s = decode(msg.result(), StateWire.class).toState();
            onChange.accept(s);
            if (until.test(s)) {
                return s;
            }
        }
    }

    private Object call(String method, Duration timeout) {
        int id = send(method);
        Reply msg = next(id, timeout);
        if (msg == null) {
            throw new AgentException(ExitCode.TIMED_OUT, "the Elastic Agent daemon did not answer '" + method + "' within " + timeout);
        }
        if (msg.error() != null) {
            throw new AgentException(ExitCode.FAILURE, "the daemon refused '" + method + "': "
                    + (msg.error().message() == null ? "" : msg.error().message()));
        }
        return msg.result();
    }

    private int send(String method) {
        int id = ids.incrementAndGet();
        try {
            out.write((Json.writeString(Map.of("id", id, "method", method)) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new AgentException(ExitCode.UNREACHABLE, "the Elastic Agent daemon closed the control connection: " + e.getMessage());
        }
        return id;
    }

    /** The next message for {@code id}, or null on timeout. */
    private Reply next(int id, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = end - System.nanoTime();
                String l = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (l == null) {
                    return null;
                }
                if (l.equals(EOF)) {
                    lines.add(EOF);
                    throw new AgentException(ExitCode.UNREACHABLE, "the Elastic Agent daemon closed the control connection");
                }
                Reply msg = parse(l);
                if (msg != null && msg.id() instanceof Number n && n.longValue() == id) {
                    return msg;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One reply line as sent by the daemon; null for a blank one. */
    static Reply parse(String line) {
        try {
            return Json.read(line.getBytes(StandardCharsets.UTF_8), Reply.class);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Binds a result to its record; the result's shape depends on the method, so it is bound after the id matched. */
    static <T> T decode(Object result, Class<T> type) {
        if (result == null) {
            throw new AgentException(ExitCode.FAILURE, "the daemon sent a reply without a result");
        }
        try {
            return Json.convert(result, type);
        } catch (IllegalArgumentException e) {
            throw malformed(e);
        }
    }

    private static AgentException malformed(Exception e) {
        return new AgentException(ExitCode.FAILURE, "the daemon sent a malformed reply: " + e.getMessage());
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
