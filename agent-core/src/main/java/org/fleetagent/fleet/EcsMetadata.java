package org.fleetagent.fleet;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fleetagent.json.Json;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.version.AgentVersion;

/**
 * The ECS {@code local} metadata the agent reports at enrollment ({@code metadata.local}): what Fleet shows
 * about the host and the agent. Same fields as the real agent's {@code ecsmeta}; each record's components are the
 * members' names and order.
 */
public final class EcsMetadata {
    private EcsMetadata() {
    }

    private record Local(Elastic elastic, Host host, Os os) {
    }

    private record Elastic(Agent agent) {
    }

    private record Agent(String id, String version, boolean snapshot, Build build, boolean upgradeable, String log_level,
                         boolean complete, boolean unprivileged, boolean fips) {
    }

    private record Build(String original) {
    }

    private record Host(String architecture, String hostname, String name, String id, List<String> ip, List<String> mac) {
    }

    private record Os(String family, String kernel, String platform, String version, String name, String full, String type) {
    }

    /**
     * @param agentId  the agent id when known (empty before enrollment)
     * @param logLevel the configured log level
     */
    public static Map<String, Object> local(HostInfo host, AgentVersion version, String agentId, String logLevel) {
        Agent agent = new Agent(agentId == null ? "" : agentId, version.version(), version.snapshot(),
                new Build(version.version() + " (build: " + version.commit() + ")"), false, logLevel, false, host.uid() != 0, false);
        Host h = new Host(host.architecture(), host.hostname(), host.hostname().toLowerCase(Locale.ROOT), host.machineId(), host.ips(),
                host.macs());
        Os os = new Os(host.osFamily(), host.kernel(), host.osPlatform(), host.osVersion(), host.osName(), host.osFull(), "linux");
        return Json.tree(new Local(new Elastic(agent), h, os));
    }
}
