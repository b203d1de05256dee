package org.fleetagent.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fleetagent.fixtures.fleet.FleetServerFixture;

/**
 * The soak (issue 19 §7): the daemon's check-in loop ({@link SoakAgent}, a process of its own with the daemon's JVM
 * flags) against the dev Fleet Server behind a {@link FaultProxy} that cycles 503 / reset / hang / slow body, with a
 * recovery after each. Samples the agent's resident memory, threads and descriptors after a warm-up and at the end,
 * and times each recovery until the next successful check-in.
 *
 * <p>{@code bench/soak [minutes]} runs {@link #main}; {@code SoakTest} runs 2 minutes in {@code scripts/test}.
 */
public final class Soak {
    static final Duration LONG_POLL = Duration.ofMillis(500);
    /** Each fault lasts this long: the backoff reaches about 1.6 s, most of its 2 s maximum. */
    static final Duration FAULT = Duration.ofSeconds(4);
    /**
     * After a recovery the next check-in succeeds within the backoff's maximum (a wait begun during the fault, or
     * one begun when the recovery cut a request in flight), plus one long poll, plus 1.5 s for a loaded machine.
     */
    static final Duration BOUND = SoakAgent.TIMING.failureMax().plus(LONG_POLL).plusMillis(1500);
    static final long RSS_LIMIT_KB = 5 * 1024;
    /** OkHttp's task-runner threads come and go by themselves (60 s keep-alive): two either way are not a leak. */
    static final int THREAD_TOLERANCE = 2;
    /** A pooled connection, and one being closed: two descriptors. */
    static final int FD_TOLERANCE = 2;

    /** One sample of the agent process, taken after a collection, at a healthy point of a cycle. */
    record Sample(long rssKb, int threads, int fds, long heapUsed) {
    }

    /** What a run measured; {@link #failures()} lists the targets it missed. */
    record Figures(Duration ran, int cycles, int faults, Sample start, Sample end, List<Long> recoveriesMs, List<String> misses) {
        long maxRecoveryMs() {
            return recoveriesMs.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        List<String> failures() {
            List<String> f = new ArrayList<>(misses);
            if (end.rssKb - start.rssKb >= RSS_LIMIT_KB) {
                f.add("resident memory grew " + (end.rssKb - start.rssKb) + " KiB");
            }
            if (Math.abs(end.threads - start.threads) > THREAD_TOLERANCE) {
                f.add("threads " + start.threads + " -> " + end.threads);
            }
            if (Math.abs(end.fds - start.fds) > FD_TOLERANCE) {
                f.add("open descriptors " + start.fds + " -> " + end.fds);
            }
            if (maxRecoveryMs() > BOUND.toMillis()) {
                f.add("a recovery took " + maxRecoveryMs() + " ms, bound " + BOUND.toMillis() + " ms");
            }
            return f;
        }

        String line() {
            return String.format(Locale.ROOT, "soak %ds: %d cycles, %d faults; RSS %d -> %d KiB (%+d), heap after GC %d -> %d KiB,"
                            + " threads %d -> %d, fds %d -> %d; recovery max %d ms (bound %d), mean %d ms",
                    ran.toSeconds(), cycles, faults, start.rssKb, end.rssKb, end.rssKb - start.rssKb, start.heapUsed / 1024,
                    end.heapUsed / 1024, start.threads, end.threads, start.fds, end.fds, maxRecoveryMs(), BOUND.toMillis(),
                    (long) recoveriesMs.stream().mapToLong(Long::longValue).average().orElse(-1));
        }
    }

    private record Event(String line, long nanos) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Long> recoveries = new ArrayList<>();
    private final List<String> misses = new ArrayList<>();
    private int faults;

    private Soak() {
    }

    /** Runs the soak for about {@code total} (warm-up included). */
    static Figures run(Duration total) throws Exception {
        return new Soak().soak(total);
    }

    private Figures soak(Duration total) throws Exception {
        long began = System.nanoTime();
        try (FleetServerFixture fleet = FleetServerFixture.builder().unlimited().checkinLongPoll(LONG_POLL).build().start();
             FaultProxy proxy = new FaultProxy(fleet.port())) {
            Process agent = startAgent(fleet, proxy);
            try (Writer stdin = agent.outputWriter(StandardCharsets.UTF_8)) {
                stdin.write(fleet.enrollmentToken() + "\n");
                stdin.flush();
                healthy("first check-ins", Duration.ofSeconds(60));
                cycle(proxy);
                Sample start = sample(agent, stdin);
                int cycles = 0;
                while (System.nanoTime() - began < total.toNanos()) {
                    cycle(proxy);
                    cycles++;
                }
                Sample end = sample(agent, stdin);
                recoveries.subList(0, 4).clear(); // the warm-up's
                return new Figures(Duration.ofNanos(System.nanoTime() - began), cycles, faults, start, end, List.copyOf(recoveries),
                        List.copyOf(misses));
            } finally {
                agent.destroy();
                if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
    }

    private Process startAgent(FleetServerFixture fleet, FaultProxy proxy) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the flags the launcher gives the daemon (packaging/src/dist/elastic-agent, mode `run`)
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xms4m", "-Xmx64m", "-XX:MaxNewSize=1m", "-Xss256k", "-XX:ReservedCodeCacheSize=16m", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=5000", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SoakAgent.class.getName(), fleet.url(), proxy.url());
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    events.add(new Event(line, System.nanoTime()));
                }
            } catch (IOException e) {
                // the agent ended
            }
            events.add(new Event("exit", System.nanoTime()));
        });
        return p;
    }

    /** One cycle: each fault for {@link #FAULT}, each followed by a recovery timed to the next successful check-in. */
    private void cycle(FaultProxy proxy) throws InterruptedException {
        for (FaultProxy.Mode m : List.of(FaultProxy.Mode.UNAVAILABLE, FaultProxy.Mode.RESET, FaultProxy.Mode.HANG,
                FaultProxy.Mode.SLOW_BODY)) {
            events.clear();
            proxy.mode(m);
            faults++;
            int failed = count("state DEGRADED", FAULT);
            if (failed == 0) {
                misses.add(m + ": no failed check-in during the fault");
            }
            proxy.mode(FaultProxy.Mode.HEALTHY);
            long recovered = System.nanoTime();
            events.clear();
            Event online = next("online", BOUND.plusSeconds(30));
            if (online == null) {
                misses.add(m + ": no check-in within " + BOUND.plusSeconds(30).toSeconds() + " s of the recovery");
                recoveries.add(Long.MAX_VALUE);
                continue;
            }
            recoveries.add((online.nanos - recovered) / 1_000_000);
            healthy(m + " recovery", Duration.ofSeconds(10));
        }
    }

    /** Waits for two more successful check-ins: the loop is back at its healthy cadence. */
    private void healthy(String what, Duration timeout) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            if (next("online", timeout) == null) {
                throw new IllegalStateException(what + ": no successful check-in within " + timeout.toSeconds() + " s");
            }
        }
    }

    /** How many lines equal to {@code line} the agent printed during {@code period}. */
    private int count(String line, Duration period) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        int n = 0;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Event e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && System.getenv("SOAK_DEBUG") != null) {
                System.err.println("soak agent: " + e.line); // what the agent said during a fault
            }
            if (e != null && e.line.startsWith(line)) {
                n++;
            }
        }
        return n;
    }

    private Event next(String prefix, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Event e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null || e.line.equals("exit")) {
                return null;
            }
            if (e.line.startsWith(prefix)) {
                return e;
            }
        }
        return null;
    }

    /** Asks the agent to collect, then reads its resident memory, threads and descriptors from /proc. */
    private Sample sample(Process agent, Writer stdin) throws IOException, InterruptedException {
        events.clear();
        stdin.write("gc\n");
        stdin.flush();
        Event gc = next("gc ", Duration.ofSeconds(30));
        if (gc == null) {
            throw new IllegalStateException("the agent did not answer a gc request");
        }
        Path proc = Path.of("/proc", Long.toString(agent.pid()));
        long rss = -1;
        int threads = -1;
        for (String l : Files.readAllLines(proc.resolve("status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("\\D", ""));
            } else if (l.startsWith("Threads:")) {
                threads = Integer.parseInt(l.replaceAll("\\D", ""));
            }
        }
        int fds;
        try (var s = Files.list(proc.resolve("fd"))) {
            fds = (int) s.count();
        }
        return new Sample(rss, threads, fds, Long.parseLong(gc.line.substring(3)));
    }

    /** {@code bench/soak [minutes]}: prints one line; exit 1 when a target is missed. */
    public static void main(String[] args) throws Exception {
        Duration total = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 30);
        Figures f = run(total);
        System.out.println(f.line());
        f.failures().forEach(m -> System.out.println("MISSED: " + m));
        System.exit(f.failures().isEmpty() ? 0 : 1);
    }
}
