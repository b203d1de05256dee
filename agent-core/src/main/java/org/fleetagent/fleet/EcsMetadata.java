package org.fleetagent.fleet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.version.AgentVersion;

/**
 * The ECS {@code local} metadata the agent reports at enrollment ({@code metadata.local}): what Fleet shows
 * about the host and the agent. Same fields as the real agent's {@code ecsmeta}.
 */
public final class EcsMetadata {
    private EcsMetadata() {
    }

    /**
     * @param agentId  the agent id when known (empty before enrollment)
     * @param logLevel the configured log level
     */
    public static Map<String, Object> local(HostInfo host, AgentVersion version, String agentId, String logLevel) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("id", agentId == null ? "" : agentId);
        agent.put("version", version.version());
        agent.put("snapshot", version.snapshot());
        agent.put("build", Map.of("original", version.version() + " (build: " + version.commit() + ")"));
        agent.put("upgradeable", false);
        agent.put("log_level", logLevel);
        agent.put("complete", false);
        agent.put("unprivileged", host.uid() != 0);
        agent.put("fips", false);

        Map<String, Object> hostMap = new LinkedHashMap<>();
        hostMap.put("architecture", host.architecture());
        hostMap.put("hostname", host.hostname());
        hostMap.put("name", host.hostname().toLowerCase(Locale.ROOT));
        hostMap.put("id", host.machineId());
        hostMap.put("ip", host.ips());
        hostMap.put("mac", host.macs());

        Map<String, Object> os = new LinkedHashMap<>();
        os.put("family", host.osFamily());
        os.put("kernel", host.kernel());
        os.put("platform", host.osPlatform());
        os.put("version", host.osVersion());
        os.put("name", host.osName());
        os.put("full", host.osFull());
        os.put("type", "linux");

        Map<String, Object> local = new LinkedHashMap<>();
        local.put("elastic", Map.of("agent", agent));
        local.put("host", hostMap);
        local.put("os", os);
        return local;
    }
}
