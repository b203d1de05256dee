package org.fleetagent.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** When and how long: {@code --delay-enroll} and the timeouts (plus the real agent's hidden switches). */
public final class EnrollBehaviourOptions {
    @Option(names = "--delay-enroll", order = 22, description = "Delays enrollment to occur on first start of the Elastic Agent service.")
    boolean delayEnroll;

    @Option(names = "--daemon-timeout", order = 23, converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "0s",
            description = "Timeout waiting for Elastic Agent daemon.")
    Duration daemonTimeout = Duration.ZERO;

    @Option(names = "--enroll-timeout", order = 24, converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "10m",
            description = "Timeout waiting for Elastic Agent enroll command. A negative value disables the timeout (default: ${DEFAULT-VALUE}).")
    Duration enrollTimeout = Duration.ofMinutes(10);

    @Option(names = "--fleet-server-timeout", order = 25, converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "0s",
            description = "Timeout waiting for Fleet Server to be ready to start enrollment (0 means 2m, negative means no timeout).")
    Duration fleetServerTimeout = Duration.ZERO;

    @Option(names = "--skip-daemon-reload", hidden = true, description = "Skip daemon reload after enrolling.")
    boolean skipDaemonReload;

    @Option(names = "--checkin-on-state-change", hidden = true, description = "Check in with Fleet on state changes.")
    boolean checkinOnStateChange;
}
