package org.fleetagent.control;

import java.util.Map;
import org.fleetagent.json.Json;

/**
 * What the daemon answers to {@code version}, the fields of the real control API's version reply.
 *
 * @param version   the daemon's version, without {@code -SNAPSHOT}
 * @param commit    the commit it was built from
 * @param buildTime when it was built, RFC 3339
 * @param snapshot  whether it is a snapshot build
 * @param fips      whether it is a FIPS build (never, here)
 */
public record DaemonVersion(String version, String commit, String buildTime, boolean snapshot, boolean fips) {

    /** The version reply of a daemon whose state carries this info. */
    public static DaemonVersion of(AgentState.Info info) {
        return new DaemonVersion(info.version(), info.commit(), info.buildTime(), info.snapshot(), false);
    }

    /** As the control protocol sends it. */
    public Map<String, Object> toJson() {
        return Json.tree(new Wire(version, commit, buildTime, snapshot, fips));
    }

    /** The reply as the wire names it (snake_case), bound by jackson-jr. */
    private record Wire(String version, String commit, String build_time, boolean snapshot, boolean fips) {
    }

    /** Reads a {@code version} result as {@link #toJson()} wrote it; a missing member reads as "" or false. */
    static DaemonVersion read(Object result) {
        Wire w = Json.convert(result, Wire.class);
        return w == null ? new DaemonVersion("", "", "", false, false)
                : new DaemonVersion(nz(w.version()), nz(w.commit()), nz(w.build_time()), w.snapshot(), w.fips());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
