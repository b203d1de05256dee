package org.fleetagent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.Test;

/** What the daemon writes on the control socket binds back to the same values; unknown members are ignored. */
class ControlWireTest {
    private static final AgentState FULL = new AgentState(
            new AgentState.Info("agent-1", "9.6.0", "abc123", "2026-11-22T00:00:00Z", true, 4242, true, true),
            State.DEGRADED, "1 or more components/units in a degraded state", State.HEALTHY, "Connected",
            List.of(new ComponentState("fleet-server-default", "fleet-server", State.DEGRADED, "Degraded",
                    List.of(new UnitState("input", "fleet-server-default-fleet-server", State.DEGRADED, "waiting",
                                    Map.of("enrollment_token", "tok")),
                            new UnitState("output", "fleet-server-default", State.HEALTHY, "Healthy", Map.of())),
                    new ComponentState.VersionInfo("fleet-server", Map.of("commit", "c1", "build_time", "t")))),
            new UpgradeDetails("9.7.0", UpgradeDetails.DOWNLOADING, "act-1",
                    new UpgradeDetails.Metadata("", 0.25, "", "", "retrying", "2026-12-01T00:00:00Z", "")),
            List.of(new CertificateState("Fleet CA", "CN=ca", "2036-01-01T00:00:00Z", 3312),
                    new CertificateState("client certificate", "CN=agent", "2026-12-01T00:00:00Z", -5)));

    private static AgentState read(String json) throws Exception {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), StateWire.class).toState();
    }

    @Test
    void aWholeStateRoundTrips() throws Exception {
        assertEquals(FULL, read(Json.writeString(FULL.toJson())));
        AgentState bare = new AgentState(new AgentState.Info("a1", "9.6.0", "c", 1), State.STARTING, "Starting", State.STARTING, "",
                List.of(new ComponentState("x", "x", State.HEALTHY, "ok", List.of())));
        assertEquals(bare, read(Json.writeString(bare.toJson())));
    }

    /** Snake-case names in the protocol's order, is_managed by its name, a component's meta in key order as Go writes a map. */
    @Test
    void writesTheMembersInTheProtocolsOrder() {
        assertEquals("""
                {"info":{"id":"agent-1","version":"9.6.0","commit":"abc123","build_time":"2026-11-22T00:00:00Z","snapshot":true,\
                "pid":4242,"unprivileged":true,"is_managed":true},"state":"DEGRADED",\
                "message":"1 or more components/units in a degraded state","fleet_state":"HEALTHY","fleet_message":"Connected",\
                "components":[{"id":"fleet-server-default","name":"fleet-server","state":"DEGRADED","message":"Degraded",\
                "units":[{"type":"input","id":"fleet-server-default-fleet-server","state":"DEGRADED","message":"waiting",\
                "payload":{"enrollment_token":"tok"}},{"type":"output","id":"fleet-server-default","state":"HEALTHY",\
                "message":"Healthy","payload":{}}],"version_info":{"name":"fleet-server","meta":{"build_time":"t","commit":"c1"}}}],\
                "upgrade_details":{"target_version":"9.7.0","state":"UPG_DOWNLOADING","action_id":"act-1",\
                "metadata":{"scheduled_at":"","download_percent":0.25,"failed_state":"","error_msg":"",\
                "retry_error_msg":"retrying","retry_until":"2026-12-01T00:00:00Z","reason":""}},\
                "certificates":[{"role":"Fleet CA","subject":"CN=ca","not_after":"2036-01-01T00:00:00Z","days_left":3312},\
                {"role":"client certificate","subject":"CN=agent","not_after":"2026-12-01T00:00:00Z","days_left":-5}]}""",
                Json.writeString(FULL.toJson()));
    }

    @Test
    void unknownMembersAreIgnoredMissingOnesDefaultAndUnknownStatesReadAsNull() throws Exception {
        AgentState s = read("""
                {"info":{"id":"a1","version":"9.6.0","pid":7,"from_the_future":{"x":1}},"state":"HEALTHY",
                 "fleet_state":"SOMETHING_NEW","components":[{"id":"c1","state":"FAILED","units":[{"id":"u1","state":"HEALTHY",
                 "later":[1]}]}],"upgrade_details":{"state":"UPG_SCHEDULED"},"extra":true}""");
        assertEquals(new AgentState.Info("a1", "9.6.0", null, "", false, 7, false, false), s.info());
        assertEquals(State.HEALTHY, s.state());
        assertNull(s.message());
        assertNull(s.fleetState(), "a state this build does not know");
        ComponentState c = s.components().getFirst();
        assertEquals(new ComponentState("c1", null, State.FAILED, null, List.of(new UnitState(null, "u1", State.HEALTHY, null, Map.of()))), c);
        assertEquals(ComponentState.VersionInfo.NONE, c.versionInfo());
        assertEquals(new UpgradeDetails("", "UPG_SCHEDULED", "", null), s.upgradeDetails());
        assertEquals(new AgentState(null, null, null, null, null, List.of()), read("{}"));
    }

    @Test
    void versionAndRestartResults() throws Exception {
        DaemonVersion v = new DaemonVersion("9.6.0", "abc", "2026-11-22T00:00:00Z", true, false);
        Object wire = Json.read(Json.write(v.toJson()), Object.class);
        assertEquals(v, DaemonVersion.read(wire));
        assertEquals(new DaemonVersion("9.6.0", "", "", false, false),
                DaemonVersion.read(Json.read("{\"version\":\"9.6.0\",\"fips_mode\":1}".getBytes(StandardCharsets.UTF_8), Object.class)));
        assertEquals(new RestartResult("FAILURE", "boom"), Json.read("{\"status\":\"FAILURE\",\"error\":\"boom\",\"took\":3}"
                .getBytes(StandardCharsets.UTF_8), RestartResult.class));
    }
}
