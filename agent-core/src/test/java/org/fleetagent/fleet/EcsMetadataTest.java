package org.fleetagent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fleetagent.json.Json;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.version.AgentVersion;
import org.junit.jupiter.api.Test;

/** The local metadata Fleet shows for an agent: the real agent's ecsmeta members, names and order. */
class EcsMetadataTest {
    @Test
    void carriesTheRealAgentsMembersInItsOrder() {
        HostInfo host = new HostInfo("Web-01", "x86_64", "m-1", List.of("10.0.0.5/24"), List.of("02:42:ac:11:00:02"), "debian",
                "debian", "Debian GNU/Linux", "12", "Debian GNU/Linux 12 (bookworm)", "6.1.0-27-amd64", 1000);
        String json = Json.writeString(EcsMetadata.local(host, new AgentVersion("9.6.0", "abc123", false), "agent-1", "info"));
        assertEquals("{\"elastic\":{\"agent\":{\"id\":\"agent-1\",\"version\":\"9.6.0\",\"snapshot\":false,"
                + "\"build\":{\"original\":\"9.6.0 (build: abc123)\"},\"upgradeable\":false,\"log_level\":\"info\",\"complete\":false,"
                + "\"unprivileged\":true,\"fips\":false}},"
                + "\"host\":{\"architecture\":\"x86_64\",\"hostname\":\"Web-01\",\"name\":\"web-01\",\"id\":\"m-1\","
                + "\"ip\":[\"10.0.0.5/24\"],\"mac\":[\"02:42:ac:11:00:02\"]},"
                + "\"os\":{\"family\":\"debian\",\"kernel\":\"6.1.0-27-amd64\",\"platform\":\"debian\",\"version\":\"12\","
                + "\"name\":\"Debian GNU/Linux\",\"full\":\"Debian GNU/Linux 12 (bookworm)\",\"type\":\"linux\"}}", json);
    }

    @Test
    void noAgentIdBeforeEnrollmentIsEmptyAndRootIsPrivileged() {
        HostInfo root = new HostInfo("h", "aarch64", "", List.of(), List.of(), "", "", "", "", "", "", 0);
        String json = Json.writeString(EcsMetadata.local(root, new AgentVersion("9.6.0", "abc123", true), null, "debug"));
        assertTrue(json.contains("\"agent\":{\"id\":\"\",\"version\":\"9.6.0\",\"snapshot\":true,"), json);
        assertTrue(json.contains("\"unprivileged\":false,"), json);
    }
}
