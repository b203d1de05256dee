package org.fleetagent.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.fleetagent.fixtures.elasticsearch.FakeElasticsearch;
import org.fleetagent.fixtures.fleet.EnrolledAgent;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.fleetserver.FleetServerComponentMain;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Crash trials: the packaged launcher runs {@code enroll}, {@code run}, {@code install} and {@code uninstall} against the
 * dev Fleet Server and is killed with SIGKILL after a delay drawn from a seeded generator (the same seed gives the same
 * trials: each one's command and its kill point as a share of how long that command takes on this machine, measured
 * by the series itself), then the host is checked: the configuration is readable and the old or the new one (or the one midway step
 * of the enrollment commit: fleet.enc written, elastic-agent.yml not yet replaced), the user's file is intact (in place
 * or as its backup), the same command run again succeeds, no temporary files or held locks are left, and Fleet holds
 * exactly one agent for the host. {@code CrashTrialIT} runs a short seeded series; {@code bench/crash} the long one.
 */
public final class CrashTrials {

    /** What a trial kills. */
    public enum Kind { ENROLL, RUN, INSTALL, UNINSTALL, BOOTSTRAP }

    /**
     * One trial's outcome.
     *
     * @param index    its number in the series
     * @param kind     the command killed
     * @param delayMs  when the kill was sent
     * @param killed   whether the command was still running then (else it had finished)
     * @param state    the configuration right after the kill: none, old, midway, new, or corrupt
     * @param problems what did not hold (empty: the trial passed)
     * @param corrupt  whether the configuration was unreadable or mixed, or the user's file lost
     */
    public record Trial(int index, Kind kind, long delayMs, boolean killed, String state, List<String> problems, boolean corrupt) {
        @Override
        public String toString() {
            return String.format("#%03d %-9s kill at %5d ms %-8s state %-7s %s", index, kind, delayMs, killed ? "(killed)" : "(done)",
                    state, problems.isEmpty() ? "ok" : String.join("; ", problems));
        }
    }

    private static final String USER_CONFIG = "# the operator's own settings: enroll must keep them\nagent.logging.level: debug\n";
    private static final List<Kind> ROTATION = List.of(Kind.ENROLL, Kind.RUN, Kind.ENROLL, Kind.INSTALL, Kind.ENROLL, Kind.UNINSTALL,
            Kind.BOOTSTRAP);
    private static final String SERVICE_TOKEN = "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL2NyYXNoOnRyaWFscw";

    private final FleetServerFixture fleet;
    private final Path work;
    private final long seed;
    private final boolean root;
    /**
     * How long each command takes here (the longest clean run seen), so that kills spread over it on any machine. The
     * starting values are below any machine's time (a floor above it would let most trials finish before the kill:
     * 8 s for install let 46 of 50 finish); the daemon never finishes, 3 s is past its start.
     */
    private final Map<Kind, Duration> duration = new java.util.EnumMap<>(Map.of(Kind.ENROLL, Duration.ofMillis(500),
            Kind.RUN, Duration.ofSeconds(3), Kind.INSTALL, Duration.ofMillis(500), Kind.UNINSTALL, Duration.ofMillis(500),
            Kind.BOOTSTRAP, Duration.ofMillis(500)));
    /** The Elasticsearch the bootstraps' fleet-server component checks, for the length of a series. */
    private FakeElasticsearch es;

    public CrashTrials(FleetServerFixture fleet, Path work, long seed) {
        this.fleet = fleet;
        this.work = work;
        this.seed = seed;
        this.root = "root".equals(System.getProperty("user.name"));
    }

    /** Runs {@code count} trials, reporting each as it ends. */
    public List<Trial> run(int count, java.util.function.Consumer<Trial> report) {
        if (!root) {
            report.accept(null); // the caller prints why install and uninstall are left out
        }
        List<Trial> trials = new ArrayList<>();
        try (FakeElasticsearch started = new FakeElasticsearch().serviceToken(SERVICE_TOKEN).start()) {
            es = started;
            series(count, report, trials);
        } finally {
            es = null;
        }
        return trials;
    }

    private void series(int count, java.util.function.Consumer<Trial> report, List<Trial> trials) {
        for (int i = 0; i < count; i++) {
            Kind kind = ROTATION.get(i % ROTATION.size());
            if (!root && (kind == Kind.INSTALL || kind == Kind.UNINSTALL)) {
                kind = Kind.ENROLL;
            }
            // SplittableRandom mixes its seed: java.util.Random's first draws from neighbouring seeds are nearly equal
            Trial t = trial(i, kind, new java.util.SplittableRandom(seed * 1_000_003L + i).nextDouble());
            trials.add(t);
            report.accept(t);
        }
    }

    /** Whether install and uninstall take part (they need root). */
    public boolean installs() {
        return root;
    }

    /** The kill comes at {@code point} (0 to 1) of the command's duration, as measured by this series so far. */
    private Trial trial(int i, Kind kind, double point) {
        Path dir = work.resolve(String.format("t%03d", i));
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            long delay = (long) (point * 1.1 * duration.get(kind).toMillis());
            return switch (kind) {
                case ENROLL -> enrollTrial(i, dir, delay);
                case RUN -> runTrial(i, dir, delay);
                case INSTALL -> installTrial(i, dir, delay);
                case UNINSTALL -> uninstallTrial(i, dir, delay);
                case BOOTSTRAP -> bootstrapTrial(i, dir, delay);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- enroll: a fresh home holding the operator's elastic-agent.yml

    private Trial enrollTrial(int i, Path home, long delay) throws IOException {
        Files.writeString(home.resolve("elastic-agent.yml"), USER_CONFIG);
        Set<String> before = agentIds();
        String[] cmd = {"enroll", "--url", fleet.url(), "--enrollment-token", fleet.enrollmentToken(), "--insecure", "--force",
                "--path.home", home.toString()};
        boolean killed = killAfter(delay, home.resolve("enroll.log"), AgentProcess.launcher(), cmd);
        List<String> problems = new ArrayList<>();
        String state = configState(home, problems);
        boolean corrupt = state.equals("corrupt");
        rerun(Kind.ENROLL, AgentProcess.launcher(), problems, cmd);
        String after = configState(home, problems);
        if (!after.equals("new")) {
            problems.add("after the re-run the configuration is " + after + ", not the enrollment");
        }
        oneAgent(before, home, problems);
        noLeftovers(home, problems);
        return new Trial(i, Kind.ENROLL, delay, killed, state, problems, corrupt);
    }

    /** none (no file), old (the user's file, no fleet.enc), midway (fleet.enc, the user's file), new (fleet.enc, the stub), corrupt. */
    private static String configState(Path home, List<String> problems) {
        Path yml = home.resolve("elastic-agent.yml");
        boolean enc = Files.exists(home.resolve("fleet.enc"));
        String encProblem = enc ? decodeProblem(home) : null;
        try (Stream<Path> list = Files.list(home)) {
            for (Path bak : list.filter(p -> p.getFileName().toString().matches("elastic-agent\\.yml\\..*\\.bak")).toList()) {
                if (!Files.readString(bak).equals(USER_CONFIG)) {
                    problems.add(bak.getFileName() + " is not the operator's file");
                    return "corrupt";
                }
            }
            if (encProblem != null) {
                problems.add("fleet.enc is unreadable: " + encProblem);
                return "corrupt";
            }
            if (!Files.exists(yml)) {
                problems.add("elastic-agent.yml is missing");
                return "corrupt";
            }
            String text = Files.readString(yml);
            if (text.equals(USER_CONFIG)) {
                return enc ? "midway" : "old";
            }
            if (enc && text.contains("enabled: true") && hasBackup(home)) {
                return "new";
            }
            problems.add("elastic-agent.yml is neither the operator's file nor the Fleet stub (or its backup is missing)");
            return "corrupt";
        } catch (IOException e) {
            problems.add("cannot read the home: " + e.getMessage());
            return "corrupt";
        }
    }

    private static boolean hasBackup(Path home) throws IOException {
        try (Stream<Path> list = Files.list(home)) {
            return list.anyMatch(p -> p.getFileName().toString().matches("elastic-agent\\.yml\\..*\\.bak"));
        }
    }

    private static String decodeProblem(Path configDir) {
        try {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(configDir));
            return doc instanceof Map<?, ?> m && m.get("agent") instanceof Map<?, ?> a && a.get("id") != null ? null : "no agent id in it";
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return e.toString();
        }
    }

    private static String storedAgentId(Path configDir) {
        try {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(configDir));
            return doc instanceof Map<?, ?> m && m.get("agent") instanceof Map<?, ?> a ? String.valueOf(a.get("id")) : null;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    // ---- bootstrap: enroll --fleet-server-es into a fresh home; the agent starts the fleet-server component fixture,
    // which checks a fake Elasticsearch and serves the agent's own enrollment. That Fleet lives and dies with the
    // component, so "one agent in Fleet" is not asked here; its process must not outlive the killed agent.

    private Trial bootstrapTrial(int i, Path home, long delay) throws IOException {
        Files.writeString(home.resolve("elastic-agent.yml"), USER_CONFIG);
        FleetServerComponentMain.writeLauncher(Files.createDirectories(home.resolve("components")).resolve("fleet-server"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] cmd = {"enroll", "--fleet-server-es", es.url(), "--fleet-server-service-token", SERVICE_TOKEN,
                "--fleet-server-port", String.valueOf(port), "--fleet-server-insecure-http", "--insecure", "--force",
                "--fleet-server-timeout", "60s", "--path.home", home.toString()};
        AgentProcess agent = AgentProcess.launcher().env("CRASH_TRIAL_HOME", home.toString());
        boolean killed = killAfter(delay, home.resolve("bootstrap.log"), agent, cmd);
        List<String> problems = new ArrayList<>();
        String state = configState(home, problems);
        boolean corrupt = state.equals("corrupt");
        noOrphans(home, problems);
        rerun(Kind.BOOTSTRAP, agent, problems, cmd);
        String after = configState(home, problems);
        if (!after.equals("new")) {
            problems.add("after the re-run the configuration is " + after + ", not the enrollment");
        }
        noOrphans(home, problems);
        noLeftovers(home, problems);
        return new Trial(i, Kind.BOOTSTRAP, delay, killed, state, problems, corrupt);
    }

    /**
     * No process started from this home outlives its agent: the component reads its stdin, which the kernel closes
     * when the agent dies, so it must stop by itself within a grace period. The agent is started with the home in
     * {@code CRASH_TRIAL_HOME}, which its children inherit; one still running after the grace is killed and reported.
     */
    private static void noOrphans(Path home, List<String> problems) {
        byte[] mark = ("CRASH_TRIAL_HOME=" + home).getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> stayed = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().filter(p -> environHas(p.pid(), mark)).toList()) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                stayed.add(p.pid() + " " + p.info().commandLine().orElse("?"));
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!stayed.isEmpty()) {
            problems.add(stayed.size() + " process(es) of the home outlived the agent by 10 s: " + stayed);
        }
    }

    private static boolean environHas(long pid, byte[] entry) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            for (int at = 0; at + entry.length <= env.length; ) {
                int end = at;
                while (end < env.length && env[end] != 0) {
                    end++;
                }
                if (end - at == entry.length && java.util.Arrays.equals(env, at, end, entry, 0, entry.length)) {
                    return true;
                }
                at = end + 1;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // gone meanwhile, or not ours to read
        }
    }

    // ---- run: an enrolled home whose daemon is killed, then started again

    private Trial runTrial(int i, Path home, long delay) throws IOException {
        List<String> problems = new ArrayList<>();
        Files.writeString(home.resolve("elastic-agent.yml"), USER_CONFIG);
        AgentProcess.Result setup = AgentProcess.launcher().run("enroll", "--url", fleet.url(), "--enrollment-token", fleet.enrollmentToken(),
                "--insecure", "--path.home", home.toString());
        if (setup.exitCode() != 0) {
            return new Trial(i, Kind.RUN, delay, false, "none", List.of("setup enroll failed: " + setup.err().strip()), false);
        }
        String id = storedAgentId(home);
        boolean killed = killAfter(delay, home.resolve("run.log"), AgentProcess.launcher(), "run", "--path.home", home.toString());
        String state = configState(home, problems);
        boolean corrupt = !state.equals("new");
        int seen = fleet.checkins(id).size();
        long started = System.nanoTime();
        Process again = AgentProcess.launcher().start(home.resolve("run-again.log"), "run", "--path.home", home.toString());
        try {
            fleet.awaitCheckins(id, seen + 1, Duration.ofSeconds(30));
            measured(Kind.RUN, Duration.ofNanos(System.nanoTime() - started));
        } catch (AssertionError | RuntimeException | InterruptedException | java.util.concurrent.TimeoutException e) {
            problems.add("the daemon started again did not check in: " + tail(home.resolve("run-again.log")));
        } finally {
            stop(again, problems);
        }
        if (!configState(home, problems).equals("new")) {
            problems.add("the configuration changed under run");
        }
        noLeftovers(home, problems);
        return new Trial(i, Kind.RUN, delay, killed, state, problems, corrupt);
    }

    private static void stop(Process p, List<String> problems) {
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                problems.add("the daemon did not stop on SIGTERM within 30 s");
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- install and uninstall: rooted in the trial's directory (base path and system root)

    private List<String> installArgs(Path dir) {
        return List.of("install", "--url", fleet.url(), "--insecure", "-n", "--base-path", dir.resolve("opt").toString(),
                "--system-root", dir.resolve("root").toString());
    }

    private List<String> uninstallArgs(Path dir) {
        return List.of("uninstall", "-f", "--skip-fleet-audit", "--base-path", dir.resolve("opt").toString(),
                "--system-root", dir.resolve("root").toString());
    }

    private AgentProcess installer() {
        return AgentProcess.launcher().timeout(Duration.ofMinutes(2)).env("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
    }

    private Trial installTrial(int i, Path dir, long delay) throws IOException {
        DirSnapshot clean = DirSnapshot.of(dir);
        Set<String> before = agentIds();
        Path log = work.resolve(String.format("t%03d-install.log", i));
        boolean killed = killAfter(delay, log, installer(), installArgs(dir).toArray(String[]::new));
        List<String> problems = new ArrayList<>();
        Path top = dir.resolve("opt/Elastic/Agent");
        String state = Files.exists(top.resolve("fleet.enc")) && decodeProblem(top) != null ? "corrupt"
                : DirSnapshot.of(dir).equals(clean) ? "none" : Files.exists(top.resolve(".installed")) ? "complete" : "partial";
        if (state.equals("corrupt")) {
            problems.add("the installed fleet.enc is unreadable: " + decodeProblem(top));
        }
        rerun(Kind.INSTALL, installer(), problems, installArgs(dir).toArray(String[]::new));
        if (problems.isEmpty()) {
            AgentProcess.Result status = AgentProcess.launcher().run("status", "--path.home", top.toString());
            if (status.exitCode() != 0) {
                problems.add("status of the reinstalled agent exits " + status.exitCode() + ": " + status.err().strip());
            }
            oneAgent(before, top, problems);
        }
        AgentProcess.Result un = installer().run(uninstallArgs(dir));
        if (un.exitCode() != 0) {
            problems.add("uninstall after the re-run exits " + un.exitCode() + ": " + un.err().strip());
        } else {
            measured(Kind.UNINSTALL, un.took());
        }
        sameAs(clean, dir, "uninstall after the re-run", problems);
        return new Trial(i, Kind.INSTALL, delay, killed, state, problems, state.equals("corrupt"));
    }

    private Trial uninstallTrial(int i, Path dir, long delay) throws IOException {
        DirSnapshot clean = DirSnapshot.of(dir);
        AgentProcess.Result setup = installer().run(installArgs(dir));
        if (setup.exitCode() != 0) {
            return new Trial(i, Kind.UNINSTALL, delay, false, "none", List.of("setup install failed: " + setup.err().strip()), false);
        }
        Path log = work.resolve(String.format("t%03d-uninstall.log", i));
        boolean killed = killAfter(delay, log, installer(), uninstallArgs(dir).toArray(String[]::new));
        List<String> problems = new ArrayList<>();
        AgentProcess.Result again = installer().run(uninstallArgs(dir));
        boolean nothingLeft = again.exitCode() == 1 && again.err().contains("nothing to uninstall");
        if (again.exitCode() != 0 && !nothingLeft) {
            problems.add("uninstall run again exits " + again.exitCode() + ": " + again.err().strip());
        }
        sameAs(clean, dir, "the uninstall run again", problems);
        return new Trial(i, Kind.UNINSTALL, delay, killed, nothingLeft ? "removed" : "partial", problems, false);
    }

    private static void sameAs(DirSnapshot clean, Path dir, String what, List<String> problems) {
        DirSnapshot now = DirSnapshot.of(dir);
        if (!now.equals(clean)) {
            Set<String> extra = new TreeSet<>(now.entries().keySet());
            extra.removeAll(clean.entries().keySet());
            problems.add(what + " left " + extra.stream().filter(p -> !p.endsWith(".log")).limit(5).collect(Collectors.toList()));
        }
    }

    // ---- shared checks

    /** Starts the command, kills it with SIGKILL after {@code delayMs}; returns whether it was still running. */
    private static boolean killAfter(long delayMs, Path log, AgentProcess launcher, String... args) {
        Process p = launcher.start(log, args);
        try {
            if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                return false;
            }
            p.destroyForcibly(); // SIGKILL: the launcher execs the JVM, so this is the agent itself
            p.waitFor();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void rerun(Kind kind, AgentProcess launcher, List<String> problems, String... args) {
        AgentProcess.Result r = launcher.run(args);
        if (r.exitCode() != 0) {
            problems.add("the same command run again exits " + r.exitCode() + ": " + r.err().strip());
        } else {
            measured(kind, r.took());
        }
    }

    private void measured(Kind kind, Duration took) {
        duration.merge(kind, took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    private Set<String> agentIds() {
        return fleet.agents().stream().map(EnrolledAgent::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Fleet gained exactly one agent in this trial, the one the host's fleet.enc names. */
    private void oneAgent(Set<String> before, Path configDir, List<String> problems) {
        Set<String> added = agentIds();
        added.removeAll(before);
        String stored = storedAgentId(configDir);
        if (added.size() != 1 || !added.contains(stored)) {
            problems.add("Fleet gained " + added.size() + " agents " + added + " for a host whose fleet.enc names " + stored);
        }
    }

    /** No temporary file, enrollment intent or held lock in the home. */
    private static void noLeftovers(Path home, List<String> problems) {
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp") || name.equals("enroll-intent.enc")) {
                    problems.add("left behind: " + home.relativize(p));
                } else if (name.endsWith(".lock") && held(p)) {
                    problems.add("lock still held: " + home.relativize(p));
                }
            }
        } catch (IOException e) {
            problems.add("cannot list the home: " + e.getMessage());
        }
    }

    private static boolean held(Path lock) {
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            return l == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** {@code bench/crash [trials] [seed]}: the long form; exit 1 when a trial found corruption or did not recover. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 19;
        Path work = Files.createTempDirectory("crash-trials");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        long t0 = System.nanoTime();
        List<Trial> trials;
        try (FleetServerFixture fleet = FleetServerFixture.builder().checkinLongPoll(Duration.ofSeconds(2)).checkinJitter(Duration.ZERO)
                .unlimited().build().start()) {
            trials = new CrashTrials(fleet, work, seed).run(count, t -> System.out.println(t == null
                    ? "install and uninstall trials need root: this run kills enroll and run only" : t.toString()));
        }
        Summary s = Summary.of(trials, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(s);
        System.exit(s.corrupt() == 0 && s.unrecoverable() == 0 ? 0 : 1);
    }

    /**
     * The figures of a series.
     *
     * @param trials        how many
     * @param killed        how many were killed while running (the rest had finished before the kill)
     * @param corrupt       configurations found unreadable, mixed or without the user's file
     * @param unrecoverable trials where a check after the kill failed
     * @param took          wall time
     */
    public record Summary(int trials, long killed, long corrupt, long unrecoverable, Duration took) {
        public static Summary of(List<Trial> trials, Duration took) {
            return new Summary(trials.size(), trials.stream().filter(Trial::killed).count(), trials.stream().filter(Trial::corrupt).count(),
                    trials.stream().filter(t -> !t.problems().isEmpty()).count(), took);
        }

        @Override
        public String toString() {
            return String.format("crash trials: %d trials (%d killed mid-command), %d corrupt, %d unrecoverable, %d s",
                    trials, killed, corrupt, unrecoverable, took.toSeconds());
        }
    }
}
