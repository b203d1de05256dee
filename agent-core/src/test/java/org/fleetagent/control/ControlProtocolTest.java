package org.fleetagent.control;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control protocol over a real Unix socket. */
class ControlProtocolTest {
    private Path dir;
    private Path socket;
    private StateHub hub;
    private ControlServer server;
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "ctl");
        socket = dir.resolve("agent.sock");
        hub = new StateHub(new AgentState(new AgentState.Info("a1", "9.6.0", "c", 1), State.STARTING, "Starting",
                State.STARTING, "", List.of()));
        server = new ControlServer(socket, hub, new ControlServer.Handlers() {
            @Override
            public void restart() {
                restarts.incrementAndGet();
            }

            @Override
            public void stop() {
                stops.incrementAndGet();
            }
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void stateRestartStopAndOwnerOnlySocket() throws Exception {
        assertEquals("rw-------", mode(socket));
        try (ControlClient c = ControlClient.connect(socket)) {
            assertEquals(State.STARTING, c.state(Duration.ofSeconds(5)).state());
            assertEquals("SUCCESS", c.restart(Duration.ofSeconds(5)).status());
            c.stop(Duration.ofSeconds(5));
        }
        assertEquals(1, restarts.get());
        // the server answers a stop before it hands it to the daemon (so the answer gets out), so wait for it
        await("the daemon's stop handler").atMost(Duration.ofSeconds(5)).untilAtomic(stops, equalTo(1));
    }

    @Test
    void watchSeesEachChangeWithinOneHundredMilliseconds() throws Exception {
        try (ControlClient c = ControlClient.connect(socket)) {
            long[] changedAt = new long[1];
            AtomicInteger received = new AtomicInteger();
            CompletableFuture<Long> seen = CompletableFuture.supplyAsync(() -> {
                c.watch(s -> s.state() == State.HEALTHY, s -> received.incrementAndGet(), Duration.ofSeconds(10));
                return System.nanoTime();
            });
            await("the watch's first state").atMost(Duration.ofSeconds(5)).untilAtomic(received, greaterThan(0));
            changedAt[0] = System.nanoTime();
            hub.update(s -> s.withState(State.HEALTHY, "Running"));
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(seen.get(5, TimeUnit.SECONDS) - changedAt[0]);
            assertTrue(latencyMs < 100, "the watcher saw the change after " + latencyMs + " ms");
        }
    }

    @Test
    void watchersThatLeaveDoNotKeepTheServerBusy() throws Exception {
        // each client watches and leaves; on a 2-core machine, two leftover busy watch loops once starved the server
        for (int i = 0; i < 6; i++) {
            try (ControlClient c = ControlClient.connect(socket)) {
                State target = i % 2 == 0 ? State.HEALTHY : State.DEGRADED;
                AtomicInteger received = new AtomicInteger();
                CompletableFuture<AgentState> seen = CompletableFuture.supplyAsync(
                        () -> c.watch(s -> s.state() == target, s -> received.incrementAndGet(), Duration.ofSeconds(5)));
                await("the watch's first state").atMost(Duration.ofSeconds(5)).untilAtomic(received, greaterThan(0));
                hub.update(s -> s.withState(target, "round"));
                seen.get(10, TimeUnit.SECONDS);
            }
        }
        long cpuBefore = processCpuNanos();
        Thread.sleep(1000); // a measurement window, not a wait: the CPU the process uses in one idle second
        long busyMs = TimeUnit.NANOSECONDS.toMillis(processCpuNanos() - cpuBefore);
        assertTrue(busyMs < 500, "the process used " + busyMs + " ms of CPU in an idle second");
        try (ControlClient c = ControlClient.connect(socket)) {
            assertEquals("SUCCESS", c.restart(Duration.ofSeconds(5)).status());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void unknownMethodsAndMalformedLinesGetErrors() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            var out = Channels.newOutputStream(ch);
            out.write("{\"id\": 7, \"method\": \"dance\"}\nnot json\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String first = in.readLine();
            assertTrue(first.contains("\"id\":7") && first.contains("unknown_method"), first);
            assertTrue(in.readLine().contains("bad_request"));
        }
    }

    @Test
    void anyRequestIdIsEchoedAsItCame() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            var out = Channels.newOutputStream(ch);
            out.write("{\"id\":\"req-1\",\"method\":\"stop\"}\n{\"id\":{\"n\":[1,2.5]},\"method\":\"nope\"}\n[1]\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            assertEquals("{\"id\":\"req-1\",\"result\":{\"status\":\"SUCCESS\"}}", in.readLine());
            String second = in.readLine();
            assertTrue(second.startsWith("{\"id\":{\"n\":[1,2.5]},\"error\":{"), second);
            String third = in.readLine();
            assertTrue(third.startsWith("{\"id\":null,\"error\":{") && third.contains("bad_request"), third);
        }
    }

    @Test
    void aLiveSocketIsAConflictAndAStaleOneIsReplaced() throws Exception {
        ControlServer second = new ControlServer(socket, hub, null);
        assertEquals(ExitCode.CONFLICT, assertThrows(AgentException.class, second::start).exitCode());
        server.close();
        Files.createFile(socket); // a stale file left by a killed daemon
        server = new ControlServer(socket, hub, null);
        server.start();
        try (ControlClient c = ControlClient.connect(socket)) {
            assertEquals("a1", c.state(Duration.ofSeconds(5)).info().id());
        }
    }

    @Test
    void noDaemonIsNamedClearly() {
        AgentException e = assertThrows(AgentException.class, () -> ControlClient.connect(dir.resolve("missing.sock")));
        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertTrue(e.getMessage().contains("elastic-agent run"), e.getMessage());
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
