package org.fleetagent.control;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.fleetagent.errors.AgentException;
import org.fleetagent.fuzz.FuzzTarget;
import org.fleetagent.json.Json;

/**
 * The control protocol's two decoders: the client reading the daemon's reply lines (state, version, restart) and the
 * daemon reading request lines. A malformed line is the documented error of each ({@link AgentException} in the
 * client, {@link IOException} in the daemon, which answers it with a bad_request error).
 */
public final class ControlFuzzTargets {
    private ControlFuzzTargets() {
    }

    public static List<FuzzTarget> all() {
        AgentState state = new AgentState(
                new AgentState.Info("agent-1", "9.6.0", "abc123", "2026-11-22T00:00:00Z", true, 4242, true, true),
                State.DEGRADED, "degraded", State.HEALTHY, "Connected",
                List.of(new ComponentState("fleet-server-default", "fleet-server", State.DEGRADED, "Degraded",
                        List.of(new UnitState("input", "u1", State.DEGRADED, "waiting", Map.of("k", List.of(1, "v")))),
                        new ComponentState.VersionInfo("fleet-server", Map.of("commit", "c1")))),
                new UpgradeDetails("9.7.0", UpgradeDetails.DOWNLOADING, "act-1",
                        new UpgradeDetails.Metadata("", 0.25, "", "", "retrying", "2026-12-01T00:00:00Z", "")));
        List<byte[]> replies = List.of(
                line(Map.of("id", 1, "result", state.toJson())),
                line(Map.of("id", 2, "result", DaemonVersion.of(state.info()).toJson())),
                line(Map.of("id", 3, "result", Map.of("status", "FAILURE", "error", "busy"))),
                line(Map.of("id", 4, "error", Map.of("code", "unknown_method", "message", "no"))));
        List<byte[]> requests = List.of(line(Map.of("id", 1, "method", "state")), line(Map.of("id", "x", "method", "state.watch")));
        return List.of(
                new FuzzTarget("control-reply", replies, ControlFuzzTargets::reply, List.of(AgentException.class)),
                new FuzzTarget("control-request", requests, in -> Json.read(in, ControlServer.Request.class), List.of(IOException.class)));
    }

    /** What the client does with a reply line, whichever method it answers. */
    private static void reply(byte[] in) {
        ControlClient.Reply r = ControlClient.parse(new String(in, StandardCharsets.UTF_8));
        if (r == null || r.result() == null) {
            return;
        }
        ControlClient.decode(r.result(), StateWire.class).toState();
        ControlClient.decode(r.result(), RestartResult.class);
        try {
            DaemonVersion.read(r.result());
        } catch (IllegalArgumentException e) {
            throw new AgentException(org.fleetagent.errors.ExitCode.FAILURE, "malformed: " + e.getMessage());
        }
    }

    private static byte[] line(Object o) {
        return Json.write(o);
    }
}
