package org.fleetagent.control;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetagent.json.JsonValue;

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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("commit", commit);
        m.put("build_time", buildTime);
        m.put("snapshot", snapshot);
        m.put("fips", fips);
        return m;
    }

    static DaemonVersion fromJson(JsonValue v) {
        return new DaemonVersion(v.path("version").asText(""), v.path("commit").asText(""), v.path("build_time").asText(""),
                v.path("snapshot").asBoolean(false), v.path("fips").asBoolean(false));
    }
}
