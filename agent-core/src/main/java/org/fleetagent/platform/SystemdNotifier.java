package org.fleetagent.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Tells systemd about the daemon's life ({@code Type=notify} units): {@code READY=1} once it serves, {@code
 * STOPPING=1} when it stops, {@code STATUS=...} lines. The message is a datagram on the Unix socket named by
 * {@code NOTIFY_SOCKET} (a path, or an abstract name starting with {@code @}); the JDK has no Unix datagram
 * sockets, so this calls libc through JNA. Without {@code NOTIFY_SOCKET} every call does nothing.
 */
public final class SystemdNotifier {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;

    private final String socket;

    /** @param env the process environment; {@code NOTIFY_SOCKET} is read from it */
    public SystemdNotifier(Map<String, String> env) {
        String s = env.get("NOTIFY_SOCKET");
        this.socket = s == null || s.isEmpty() ? null : s;
    }

    /** Whether systemd (or something acting for it) asked to be notified. */
    public boolean enabled() {
        return socket != null;
    }

    public boolean ready() {
        return send("READY=1");
    }

    public boolean stopping() {
        return send("STOPPING=1");
    }

    public boolean status(String text) {
        return send("STATUS=" + text.replace('\n', ' '));
    }

    /**
     * Sends one notification.
     *
     * @return whether it was sent; a failure is not fatal to the daemon (systemd will time the start out instead)
     */
    public boolean send(String message) {
        if (socket == null) {
            return false;
        }
        CLib c = CLib.INSTANCE;
        int fd = -1;
        try {
            fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            SockaddrUn addr = new SockaddrUn();
            byte[] path = socket.getBytes(StandardCharsets.UTF_8);
            if (path.length >= addr.sun_path.length) {
                return false;
            }
            System.arraycopy(path, 0, addr.sun_path, 0, path.length);
            if (path[0] == '@') {
                addr.sun_path[0] = 0; // abstract namespace
            }
            addr.write();
            int len = 2 + path.length + (path[0] == '@' ? 0 : 1);
            byte[] msg = message.getBytes(StandardCharsets.UTF_8);
            return c.sendto(fd, msg, msg.length, 0, addr, len) == msg.length;
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            return false;
        } finally {
            if (fd >= 0) {
                c.close(fd);
            }
        }
    }

    /** {@code struct sockaddr_un}. */
    public static final class SockaddrUn extends Structure {
        public short sun_family = AF_UNIX;
        public byte[] sun_path = new byte[108];

        @Override
        protected List<String> getFieldOrder() {
            return List.of("sun_family", "sun_path");
        }
    }

    private interface CLib extends Library {
        CLib INSTANCE = Native.load("c", CLib.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int sendto(int fd, byte[] buf, int len, int flags, SockaddrUn addr, int addrlen) throws LastErrorException;

        int close(int fd);
    }
}
