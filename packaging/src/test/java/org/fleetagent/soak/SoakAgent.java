package org.fleetagent.soak;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fleetagent.component.Policy;
import org.fleetagent.daemon.FleetGateway;
import org.fleetagent.fleet.CheckinRequest;
import org.fleetagent.fleet.EnrollRequest;
import org.fleetagent.fleet.EnrollResponse;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;

/**
 * The soak's agent process: the daemon's check-in loop ({@link FleetGateway}, its client and transport as the daemon
 * builds them) with short injected timings, in a JVM of its own so that its memory, threads and descriptors are
 * measured alone. Enrolls against the fixture directly, then checks in through the fault proxy.
 *
 * <p>Args: fixture URL, proxy URL; the enrollment token on the first stdin line. Stdout: {@code online} after each
 * successful check-in; {@code gc <heap used>} in answer to a {@code gc} line on stdin.
 */
public final class SoakAgent {
    /** Short timings: 200 ms initial / 2 s max backoff, 3 s per check-in. */
    public static final FleetGateway.Timing TIMING = new FleetGateway.Timing(Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofSeconds(3), Duration.ofSeconds(2));

    private SoakAgent() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String token = in.readLine();
        HttpClientFactory transport = new HttpClientFactory(Map.of());
        TransportSettings settings = new TransportSettings(new TlsSettings(List.of(), List.of(), VerificationMode.FULL, null, null, null),
                new ProxySettings(null, Map.of(), true, null), Duration.ofMinutes(10), Duration.ofSeconds(30));
        FleetClient enroller = new FleetClient(transport.create(settings), URI.create(args[0]), Map.of(), AgentVersion.current());
        EnrollResponse enrolled = enroller.enroll(token, new EnrollRequest(null, null, UUID.randomUUID().toString(), Map.of(),
                List.of()), Duration.ofSeconds(30));
        FleetConnection connection = new FleetConnection(List.of(URI.create(args[1])), Map.of(), settings.tls(), settings.proxy(),
                FleetConnection.ProxySource.NONE, false);
        FleetGateway gateway = new FleetGateway(connection, enrolled.agentId(), enrolled.accessApiKey(), true,
                c -> new FleetClient(transport.create(settings), c.primary(), c.headers(), AgentVersion.current()),
                () -> new CheckinRequest("online", "Running", null, List.of(), Map.of(), null, null),
                new Printing(out), TIMING, new SecureRandom());
        Thread loop = Thread.ofPlatform().name("fleet-gateway").daemon(true).start(gateway::run);
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("gc")) {
                System.gc();
                out.println("gc " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
        }
        gateway.stop();
        loop.join(10_000);
    }

    /** Prints each successful check-in; everything else is the gateway's business. */
    private record Printing(PrintStream out) implements FleetGateway.Listener {
        @Override
        public void fleetState(FleetGateway.Connectivity state, String message) {
            out.println((state == FleetGateway.Connectivity.ONLINE ? "online" : "state " + state) + " " + message);
        }

        @Override
        public void connectionChanged(FleetConnection connection) throws java.io.IOException {
            // the dev policy lists the fixture itself as Fleet host: refusing it keeps the agent behind the fault proxy
            throw new java.io.IOException("the soak keeps Fleet behind its fault proxy");
        }

        @Override
        public String applyPolicy(Policy policy) {
            return null;
        }
    }
}
