package org.fleetagent.enroll;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.HostInfo;
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
        Map<String, Object> current = readAgentConfig();
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
        return enroller.enroll(o, persistentSettings(current));
    }

    private boolean isEnrolled(Map<String, Object> agentConfig) {
        Object fleet = agentConfig.get("fleet");
        boolean ymlEnabled = fleet instanceof Map<?, ?> f && Boolean.TRUE.equals(f.get("enabled"));
        return ymlEnabled || Files.exists(paths.fleetEnc());
    }

    private Map<String, Object> readAgentConfig() {
        return YamlFiles.read(paths.configFile(), "fix the file or move it away, then run enroll again").orElse(Map.of());
    }

    /** What the real agent carries from {@code elastic-agent.yml} into fleet.enc. */
    private static Map<String, Object> persistentSettings(Map<String, Object> yml) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object agent = yml.get("agent");
        if (agent instanceof Map<?, ?> a) {
            Object logging = a.get("logging");
            if (logging instanceof Map<?, ?> l && l.get("level") != null) {
                out.put("logging.level", l.get("level"));
            } else if (a.get("logging.level") != null) {
                out.put("logging.level", a.get("logging.level"));
            }
            Object monitoring = a.get("monitoring");
            if (monitoring instanceof Map<?, ?> m && m.get("http") != null) {
                out.put("monitoring.http", m.get("http"));
            }
        }
        Object fleet = yml.get("fleet");
        if (fleet instanceof Map<?, ?> f && f.get("checkin") instanceof Map<?, ?> c) {
            out.put("fleet.checkin", c);
        }
        return out;
    }
}
