package org.fleetagent.herd;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollRetry;
import org.fleetagent.enrollment.EnrollInteraction;
import org.fleetagent.enrollment.EnrollmentOutcome;
import org.fleetagent.enrollment.EnrollmentService;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;

/**
 * A herd of agents enrolling at the same moment into the dev Fleet Server under Fleet Server's default enroll
 * limiter (10 ms token bucket, burst 50, 100 in flight): one {@link EnrollmentService} per agent, each with its own
 * home, all in this JVM. {@code bench/herd} runs {@link #main} with 1,000; {@code HerdTest} a short form.
 */
public final class Herd {
    /**
     * An enroll limiter as fleet-server's: one token per {@code interval}, a bucket of {@code burst}, {@code max} in flight.
     */
    record Limiter(Duration interval, int burst, int max) {
        /** Fleet Server's code default (env_defaults.go). */
        static final Limiter FLEET_DEFAULT = new Limiter(Duration.ofMillis(10), 50, 100);

        /** The limiter's own bound for {@code agents} enrolling at once: one token per interval after the burst. */
        long boundMs(int agents) {
            return Math.max(1, (long) (agents - burst) * interval.toMillis());
        }
    }

    /** What a herd run measured. */
    record Figures(int agents, long totalMs, long wallMs, long boundMs, int serverRequests, int maxAttempts, int overThree, int fleetAgents,
                   int distinctIds, List<String> failures) {
        double ratio() {
            return (double) totalMs / boundMs;
        }

        double requestsPerAgent() {
            return (double) serverRequests / agents;
        }

        String report() {
            return String.format("herd: %d agents enrolled by Fleet in %d ms (all stores written in %d ms); limiter bound %d ms;"
                            + " ratio %.2f; requests/agent %.2f (max %d, %d agents over 3); agents in Fleet %d; distinct ids %d; failures %d",
                    agents, totalMs, wallMs, boundMs, ratio(), requestsPerAgent(), maxAttempts, overThree, fleetAgents, distinctIds, failures.size());
        }
    }

    private Herd() {
    }

    static Figures run(int agents, Limiter limiter, Path work) throws Exception {
        try (FleetServerFixture fleet = FleetServerFixture.builder()
                .enrollLimit(limiter.interval(), limiter.burst(), limiter.max()).build().start()) {
            List<EnrollmentService> services = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                Path home = Files.createDirectories(work.resolve("agent-" + i));
                services.add(new EnrollmentService(AgentPaths.of(home, null, null, null, null), Map.of(), new Quiet(), Clock.systemUTC()));
            }
            EnrollmentSettings settings = settings(URI.create(fleet.url()), fleet.enrollmentToken());
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<EnrollmentOutcome>> outcomes = new ArrayList<>();
            long started;
            long ended;
            java.time.Instant opened;
            // one platform thread per agent, as each real agent is its own process: the kernel preempts an agent hashing its
            // tokens so a neighbour whose backoff ended sends on time; virtual threads would queue it behind the hashing
            // on the few carrier threads and bunch the retries, a herd this JVM makes and a real one does not
            try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("agent-", 0).factory())) {
                for (EnrollmentService service : services) {
                    outcomes.add(pool.submit(() -> {
                        gate.await();
                        return service.enroll(settings);
                    }));
                }
                opened = java.time.Instant.now();
                started = System.nanoTime();
                gate.countDown();
                pool.shutdown();
                pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
                ended = System.nanoTime();
            }
            List<String> failures = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            int maxAttempts = 0;
            int overThree = 0;
            for (Future<EnrollmentOutcome> f : outcomes) {
                try {
                    EnrollmentOutcome o = f.get();
                    ids.add(o.result().agentId());
                    maxAttempts = Math.max(maxAttempts, o.result().attempts());
                    overThree += o.result().attempts() > 3 ? 1 : 0;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            // Fleet's view: the last enrollment it accepted. Each agent then hashes its tokens (PBKDF2, 210,000 rounds)
            // and encrypts its store, work that a real herd does on 1,000 hosts and this JVM on the machine's CPUs.
            long fleetMs = fleet.enrollRequests().stream().filter(r -> r.responseStatus() == 200)
                    .mapToLong(r -> Duration.between(opened, r.receivedAt()).toMillis()).max().orElse(-1);
            return new Figures(agents, fleetMs, (ended - started) / 1_000_000, limiter.boundMs(agents), fleet.enrollRequests().size(),
                    maxAttempts, overThree, fleet.agents().size(), ids.size(), failures);
        }
    }

    private static EnrollmentSettings settings(URI url, String token) {
        TransportSettings transport = new TransportSettings(new TlsSettings(List.of(), List.of(), VerificationMode.FULL, null, null, null),
                new ProxySettings(null, Map.of(), true, null), Duration.ofSeconds(10), Duration.ofSeconds(30));
        EnrollOptions o = new EnrollOptions(url, token, "", "", List.of(), Map.of(), transport, false,
                Duration.ofMinutes(2), "", false);
        return new EnrollmentSettings(o, null, null, true, false, false, EnrollRetry.INTERACTIVE);
    }

    /** An agent run by a script: no questions, waits really waited, nothing printed. */
    private static final class Quiet implements EnrollInteraction {
        @Override
        public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
        }

        @Override
        public void await(Duration wait) throws InterruptedException {
            Thread.sleep(wait); // the backoff really waited, as the agent does: the herd measures how retries spread
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void step(String step) {
        }

        @Override
        public boolean canAsk() {
            return false;
        }

        @Override
        public boolean confirmReplace() {
            return false;
        }
    }

    /** {@code bench/herd [agents]}: prints the figures; exits 1 when a target is missed. */
    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path work = Files.createTempDirectory("elastic-agent-herd");
        Figures f = run(agents, Limiter.FLEET_DEFAULT, work);
        System.out.println(f.report());
        f.failures().stream().distinct().limit(5).forEach(System.out::println);
        boolean ok = f.failures().isEmpty() && f.ratio() <= 1.5 && f.maxAttempts() <= 3 && f.fleetAgents() == agents
                && f.distinctIds() == agents;
        System.exit(ok ? 0 : 1);
    }
}
