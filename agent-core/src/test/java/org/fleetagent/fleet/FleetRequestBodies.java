package org.fleetagent.fleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import mockwebserver3.RecordedRequest;
import org.fleetagent.json.Json;

/** The bodies the agent sends to Fleet, as a test reads them back: records named like the wire's members. */
public final class FleetRequestBodies {
    private FleetRequestBodies() {
    }

    public record Enroll(String type, String id, String replace_token, String enrollment_id, Metadata metadata) {
    }

    public record Metadata(Map<String, Object> local, Map<String, Object> user_provided, List<String> tags) {
    }

    public record Checkin(String status, String message, String ack_token, Map<String, Object> local_metadata,
                          List<Object> components, String agent_policy_id, Long policy_revision_idx) {
    }

    public record Acks(List<AckEvent> events) {
        /** The first event. */
        public AckEvent first() {
            return events.getFirst();
        }
    }

    public record AckEvent(String type, String subtype, String timestamp, String action_id, String agent_id, String message,
                           String error, Map<String, Object> payload) {
    }

    /** The body of {@code r} (gunzipped when sent compressed) bound to {@code type}. */
    public static <T> T read(RecordedRequest r, Class<T> type) {
        try {
            return Json.read(text(r).getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of {@code r} as sent (gunzipped when sent compressed). */
    public static String text(RecordedRequest r) {
        try {
            byte[] b = r.getBody().toByteArray();
            if ("gzip".equals(r.getHeaders().get("Content-Encoding"))) {
                b = new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
            }
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
