package org.fleetagent.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sends real datagrams to a receiver that python3 binds, as systemd would. */
class SystemdNotifierTest {
    @Test
    void readyAndStoppingReachTheNotifySocket() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sdn");
        Path sock = dir.resolve("notify.sock");
        Path ready = dir.resolve("bound");
        Process receiver = new ProcessBuilder("python3", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind(sys.argv[1])
                open(sys.argv[2], 'w').close()
                s.settimeout(10)
                for _ in range(2):
                    print(s.recv(200).decode(), flush=True)
                """, sock.toString(), ready.toString()).redirectErrorStream(true).start();
        await("python3 receiver bound").atMost(Duration.ofSeconds(5)).until(() -> Files.exists(ready));

        SystemdNotifier n = new SystemdNotifier(Map.of("NOTIFY_SOCKET", sock.toString()));
        assertTrue(n.enabled());
        assertTrue(n.ready());
        assertTrue(n.stopping());
        assertTrue(receiver.waitFor(10, TimeUnit.SECONDS));
        String got = new String(receiver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("READY=1\nSTOPPING=1\n", got);
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        SystemdNotifier n = new SystemdNotifier(Map.of());
        assertFalse(n.enabled());
        assertFalse(n.ready());
    }
}
