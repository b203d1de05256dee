package org.fleetagent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.Test;

/** Fleet Server's replies, in the shape it sends them, bind to the reply records: extra members ignored, missing ones null. */
class FleetRepliesTest {
    private static <T> T read(String json, Class<T> type) throws Exception {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void enrollReply() throws Exception {
        FleetReplies.Enroll r = read("""
                {"action":"created","item":{"access_api_key":"a2V5OnNlY3JldA==","access_api_key_id":"key-1","active":true,
                 "enrolled_at":"2026-12-01T10:00:00Z","id":"agent-1","local_metadata":{"host":{"hostname":"h1"}},
                 "policy_id":"policy-1","status":"online","tags":["a","b"],"type":"PERMANENT","user_provided_metadata":{}}}""",
                FleetReplies.Enroll.class);
        assertEquals(new FleetReplies.EnrollItem("agent-1", "PERMANENT", "a2V5OnNlY3JldA==", "key-1", "policy-1", List.of("a", "b")),
                r.item());
        assertEquals(new FleetReplies.EnrollItem("agent-1", null, null, null, null, null),
                read("{\"item\":{\"id\":\"agent-1\"}}", FleetReplies.Enroll.class).item());
    }

    @Test
    void checkinReplyKeepsEachActionsDataAsSent() throws Exception {
        FleetReplies.Checkin r = read("""
                {"ack_token":"tok-2","action":"checkin","actions":[
                 {"action_id":"x","agent_id":"agent-1","created_at":"2026-12-01T10:00:00Z","data":{"policy":{"id":"p1",
                  "revision":2,"inputs":[],"outputs":{"default":{"type":"elasticsearch","api_key":null}}}},
                  "id":"policy:p1:2:1","input_type":"","signed":{"data":"e30=","signature":"c2ln"},"type":"POLICY_CHANGE"},
                 {"id":"u-1","type":"UNENROLL"}]}""", FleetReplies.Checkin.class);
        assertEquals("tok-2", r.ack_token());
        assertEquals(2, r.actions().size());
        FleetReplies.Action policy = r.actions().getFirst();
        assertEquals(List.of("policy:p1:2:1", "POLICY_CHANGE"), List.of(policy.id(), policy.type()));
        assertEquals("{\"policy\":{\"id\":\"p1\",\"revision\":2,\"inputs\":[],\"outputs\":{\"default\":{\"type\":\"elasticsearch\","
                + "\"api_key\":null}}}}", Json.writeString(policy.data()), "the data round-trips byte for byte, nulls and order kept");
        FleetAction unenroll = new FleetAction(r.actions().get(1).id(), r.actions().get(1).type(), r.actions().get(1).data());
        assertEquals(Map.of(), unenroll.data(), "no data reads as empty");
        assertNull(read("{\"action\":\"checkin\"}", FleetReplies.Checkin.class).actions());
    }

    @Test
    void ackReply() throws Exception {
        FleetReplies.Acks ok = read("{\"action\":\"acks\",\"errors\":false,\"items\":[{\"status\":200,\"message\":\"OK\"}]}",
                FleetReplies.Acks.class);
        assertEquals("acks", ok.action());
        assertFalse(ok.errors());
        FleetReplies.Acks failed = read("{\"action\":\"acks\",\"errors\":true,\"items\":[{\"status\":404,\"message\":\"not found\"}]}",
                FleetReplies.Acks.class);
        assertTrue(failed.errors());
        assertEquals("[{\"status\":404,\"message\":\"not found\"}]", Json.writeString(failed.items()), "items are quoted as sent");
        assertFalse(read("{\"action\":\"acks\"}", FleetReplies.Acks.class).errors());
    }

    @Test
    void statusAndErrorReplies() throws Exception {
        assertEquals("HEALTHY", read("{\"name\":\"fleet-server\",\"status\":\"HEALTHY\",\"version\":{\"number\":\"9.6.0\"}}",
                FleetReplies.Status.class).status());
        assertNull(read("{\"name\":\"fleet-server\"}", FleetReplies.Status.class).status());
        assertEquals(new FleetReplies.Error("ErrUnauthorized", "unauthorized"),
                read("{\"statusCode\":401,\"error\":\"ErrUnauthorized\",\"message\":\"unauthorized\"}", FleetReplies.Error.class));
        assertEquals(new FleetReplies.Error(null, "no route"), read("{\"message\":\"no route\"}", FleetReplies.Error.class));
    }
}
