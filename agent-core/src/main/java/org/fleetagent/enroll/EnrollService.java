package org.fleetagent.enroll;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.store.CarriedSettings;
import org.fleetagent.store.FleetConfigCodec;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.version.AgentVersion;

/**
 * {@code elastic-agent enroll} into a remote Fleet Server, from validated options to committed files: checks
 * whether the agent is already enrolled, carries settings over from {@code elastic-agent.yml}, enrolls with
 * {@link Enroller} and commits through the {@link FleetConfigStore} transaction.
 */
public final class EnrollService {
    private final AgentPaths paths;
    private final HttpClientFactory transport;
    private final EnrollProgress progress;
    private final Clock clock;
    private final EnrollRetry retry;

    public EnrollService(AgentPaths paths, HttpClientFactory transport, EnrollProgress progress, Clock clock, EnrollRetry retry) {
        this.paths = paths;
        this.transport = transport;
        this.progress = progress;
        this.clock = clock;
        this.retry = retry;
    }

    /**
     * @param force   enroll even when the agent is already enrolled
     * @param confirm asked when the agent is enrolled and {@code force} is not set; returns whether to go on.
     *                Null when nobody can answer (not a terminal): then an enrolled agent is a conflict.
     */
    public EnrollResult enroll(EnrollOptions o, boolean force, BooleanSupplier confirm) {
        CarriedSettings current = readAgentConfig();
        FleetConfigStore store = FleetConfigStore.forEnrollment(paths);
        if (!force && isEnrolled(current)) {
            if (confirm == null) {
                throw new AgentException(ExitCode.CONFLICT, "this agent is already enrolled into Fleet (" + paths.fleetEnc()
                        + "): pass --force to replace its enrollment");
            }
            if (!confirm.getAsBoolean()) {
                throw new AgentException(ExitCode.CONFLICT, "enrollment cancelled; nothing was changed");
            }
        }
        FleetClient client = new FleetClient(transport.create(o.transport()), o.url(), o.headers(), AgentVersion.current());
        Enroller enroller = new Enroller(client, store::saveEnrolled, progress, clock, new SecureRandom(),
                HostInfo.current(), AgentVersion.current(), retry);
        return enroller.enroll(o, current);
    }

    private boolean isEnrolled(CarriedSettings agentConfig) {
        return agentConfig.fleetEnabled() || Files.exists(paths.fleetEnc());
    }

    private CarriedSettings readAgentConfig() {
        return YamlFiles.read(paths.configFile(), "fix the file or move it away, then run enroll again")
                .map(FleetConfigCodec::carried).orElse(CarriedSettings.NONE);
    }
}
