package org.fleetagent.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fleetagent.fuzz.FuzzTarget;
import org.fleetagent.json.Json;

/**
 * Every Fleet reply the agent binds ({@link FleetReplies}): a body that is not the expected JSON fails with
 * {@link JsonProcessingException}, which the client turns into its one-line error; nothing else escapes.
 */
public final class FleetReplyFuzzTargets {
    private FleetReplyFuzzTargets() {
    }

    public static List<FuzzTarget> all() {
        return List.of(
                target("fleet-reply-enroll", FleetReplies.Enroll.class,
                        "{\"action\":\"created\",\"item\":{\"id\":\"a1\",\"type\":\"PERMANENT\",\"access_api_key\":\"k\",\"access_api_key_id\":\"i\","
                                + "\"policy_id\":\"p\",\"tags\":[\"t1\",\"t2\"],\"active\":true,\"local_metadata\":{\"x\":1}}}"),
                target("fleet-reply-checkin", FleetReplies.Checkin.class,
                        "{\"action\":\"checkin\",\"ack_token\":\"t\",\"actions\":[{\"id\":\"a\",\"type\":\"POLICY_CHANGE\",\"agent_id\":\"x\","
                                + "\"data\":{\"policy\":{\"id\":\"p\",\"revision\":2,\"outputs\":{\"default\":{\"type\":\"elasticsearch\"}},"
                                + "\"inputs\":[{\"type\":\"logfile\",\"streams\":[]}]}}},{\"id\":\"b\",\"type\":\"UNENROLL\",\"data\":null}]}",
                        "{\"action\":\"checkin\",\"actions\":[]}"),
                target("fleet-reply-acks", FleetReplies.Acks.class,
                        "{\"action\":\"acks\",\"errors\":false,\"items\":[{\"status\":200,\"message\":\"OK\"}]}",
                        "{\"action\":\"acks\",\"errors\":true,\"items\":[{\"status\":404,\"message\":\"unknown\"}]}"),
                target("fleet-reply-status", FleetReplies.Status.class,
                        "{\"name\":\"fleet-server\",\"status\":\"HEALTHY\",\"version\":{\"number\":\"9.6.0\"}}"),
                target("fleet-reply-error", FleetReplies.Error.class,
                        "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"ApiKey not valid\"}", "<html><body>502</body></html>"));
    }

    private static FuzzTarget target(String name, Class<?> type, String... seeds) {
        List<byte[]> s = java.util.Arrays.stream(seeds).map(x -> x.getBytes(StandardCharsets.UTF_8)).toList();
        return new FuzzTarget(name, s, in -> Json.read(in, type), List.of(JsonProcessingException.class));
    }
}
