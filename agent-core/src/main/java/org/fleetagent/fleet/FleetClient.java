package org.fleetagent.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSONObjectException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.fleetagent.json.Json;
import org.fleetagent.version.AgentVersion;

/**
 * The Fleet Server API as the agent calls it (reference/elastic-agent.md §3). Every request carries
 * {@code Content-Type} and {@code Accept: application/json}, {@code kbn-xsrf}, a fresh {@code X-Request-ID},
 * {@code Elastic-Api-Version: 2023-06-01} and {@code User-Agent: Elastic Agent v<version>}. Custom headers
 * ({@code --header}) are added too, but unlike the real agent they never replace {@code Authorization},
 * {@code User-Agent} or {@code Elastic-Api-Version}, which Fleet Server needs to accept the request.
 */
public final class FleetClient {
    /** The API version this client speaks. */
    public static final String API_VERSION = "2023-06-01";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Set<String> PROTECTED = Set.of("authorization", "user-agent", "elastic-api-version");
    /** The largest reply to enroll, ack or status read: Fleet's are a few KiB. */
    static final long MAX_REPLY = 10L * 1024 * 1024;
    /** The largest check-in reply read: it carries whole policies (the real agent's control messages stop at 100 MiB). */
    static final long MAX_CHECKIN_REPLY = 100L * 1024 * 1024;
    private static final int ERROR_BODY_READ = 64 * 1024;

    private final OkHttpClient http;
    private final HttpUrl base;
    private final Map<String, String> headers;
    private final AgentVersion version;
    private final RequestIds requestIds = new RequestIds();

    /**
     * @param http    a client from the agent's one transport factory (proxy, TLS)
     * @param baseUrl the Fleet Server URL, such as {@code https://fleet.example:8220} (a path prefix is kept)
     * @param headers extra headers for every request ({@code --header})
     */
    public FleetClient(OkHttpClient http, URI baseUrl, Map<String, String> headers, AgentVersion version) {
        this.http = http;
        HttpUrl parsed = HttpUrl.get(baseUrl.toString());
        this.base = parsed;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.version = version;
    }

    /** The custom headers this client will not send because they would replace a header Fleet needs. */
    public List<String> ignoredHeaders() {
        List<String> out = new ArrayList<>();
        headers.keySet().forEach(k -> {
            if (PROTECTED.contains(k.toLowerCase(Locale.ROOT))) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * {@code POST /api/fleet/agents/enroll} with the enrollment token.
     *
     * @param timeout the longest this one call may take (connect, TLS, request and response)
     * @throws FleetApiException for an error status, with Fleet's error body
     * @throws IOException       for transport failures (DNS, connect, TLS, proxy) and malformed replies
     */
    public EnrollResponse enroll(String enrollmentToken, EnrollRequest req, Duration timeout) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("local", req.localMetadata());
        metadata.put("user_provided", Map.of());
        metadata.put("tags", req.tags() == null || req.tags().isEmpty() ? null : req.tags());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "PERMANENT");
        body.put("id", req.agentId() == null ? "" : req.agentId());
        body.put("replace_token", req.replaceToken() == null ? "" : req.replaceToken());
        if (req.enrollmentId() != null && !req.enrollmentId().isEmpty()) {
            body.put("enrollment_id", req.enrollmentId());
        }
        body.put("metadata", metadata);

        FleetReplies.Enroll reply = post("api/fleet/agents/enroll", "ApiKey " + enrollmentToken, Json.write(body),
                FleetReplies.Enroll.class, timeout);
        FleetReplies.EnrollItem item = reply == null || reply.item() == null
                ? new FleetReplies.EnrollItem(null, null, null, null, null, null) : reply.item();
        String id = nz(item.id());
        String type = nz(item.type());
        String key = nz(item.access_api_key());
        if (id.isEmpty() || key.isEmpty()) {
            throw new IOException("Fleet Server's enroll reply lacks item.id or item.access_api_key");
        }
        if (!"PERMANENT".equals(type)) {
            throw new IOException("Fleet Server's enroll reply has item.type \"" + type + "\", expected PERMANENT");
        }
        List<String> tags = new ArrayList<>();
        (item.tags() == null ? List.<String>of() : item.tags()).forEach(t -> tags.add(nz(t)));
        return new EnrollResponse(id, key, nz(item.access_api_key_id()), nz(item.policy_id()), List.copyOf(tags));
    }

    /**
     * {@code POST /api/fleet/agents/{id}/checkin}: a long poll that returns when Fleet has actions for the agent or
     * its poll expires. The body is gzip-compressed unless {@code gzip} is false ({@code fleet.checkin.compression: none}).
     *
     * @param timeout the longest the poll may take; the real agent allows 10 min
     */
    public CheckinResponse checkin(String agentId, String accessApiKey, CheckinRequest req, boolean gzip, Duration timeout)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", req.status());
        body.put("message", req.message() == null ? "" : req.message());
        if (req.ackToken() != null && !req.ackToken().isEmpty()) {
            body.put("ack_token", req.ackToken());
        }
        if (req.localMetadata() != null) {
            body.put("local_metadata", req.localMetadata());
        }
        body.put("components", req.components() == null ? List.of() : req.components());
        if (req.agentPolicyId() != null) {
            body.put("agent_policy_id", req.agentPolicyId());
        }
        if (req.policyRevisionIdx() != null) {
            body.put("policy_revision_idx", req.policyRevisionIdx());
        }
        byte[] raw = Json.write(body);
        FleetReplies.Checkin reply = read(send("api/fleet/agents/" + agentId + "/checkin", "ApiKey " + accessApiKey,
                gzip ? gzip(raw) : raw, gzip, timeout), FleetReplies.Checkin.class);
        List<FleetAction> actions = new ArrayList<>();
        if (reply != null && reply.actions() != null) {
            for (FleetReplies.Action a : reply.actions()) {
                if (a != null) {
                    actions.add(new FleetAction(a.id(), a.type(), a.data()));
                }
            }
        }
        return new CheckinResponse(reply == null ? "" : nz(reply.ack_token()), List.copyOf(actions));
    }

    /**
     * {@code POST /api/fleet/agents/{id}/acks}. A reply whose {@code action} is not {@code acks}, or that reports
     * errors for an item, is an error.
     */
    public void ack(String agentId, String accessApiKey, List<AckEvent> events, Duration timeout) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        String now = java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.now());
        for (AckEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "ACTION_RESULT");
            m.put("subtype", "ACKNOWLEDGED");
            m.put("timestamp", now);
            m.put("action_id", e.actionId());
            m.put("agent_id", agentId);
            m.put("message", e.message());
            if (e.error() != null) {
                m.put("error", e.error());
            }
            if (e.payload() != null) {
                m.put("payload", new TreeMap<>(e.payload()));
            }
            list.add(m);
        }
        // an empty ack ({"events": null}) proves the API key and the connection without changing anything
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", list.isEmpty() ? null : list);
        byte[] raw = send("api/fleet/agents/" + agentId + "/acks", "ApiKey " + accessApiKey, Json.write(body), false, timeout);
        FleetReplies.Acks reply = read(raw, FleetReplies.Acks.class);
        if (reply == null || !"acks".equals(reply.action())) {
            throw new IOException("Fleet Server's ack reply is not an acks reply: " + (reply == null ? "null" : snippet(raw)));
        }
        if (reply.errors()) {
            throw new IOException("Fleet Server reported errors for acks: " + snippet(Json.write(reply.items())));
        }
    }

    /**
     * {@code POST /api/fleet/agents/{id}/audit/unenroll}: tells Fleet that this agent is going away ({@code reason}
     * {@code uninstall} or {@code orphaned}), so that it is not left looking offline. A 409 (a reason is already on
     * record) counts as done.
     */
    public void auditUnenroll(String agentId, String accessApiKey, String reason, Duration timeout) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("timestamp", java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.now()));
        try {
            // any JSON reply will do: only its status counts
            post("api/fleet/agents/" + agentId + "/audit/unenroll", "ApiKey " + accessApiKey, Json.write(body), Object.class,
                    timeout);
        } catch (FleetApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    /**
     * {@code GET /api/status}: proves that a Fleet Server answers at this URL through this transport. Returns its
     * status ({@code HEALTHY}, {@code DEGRADED}, ...); a 503 with Fleet's status body still counts as an answer.
     *
     * @throws IOException when nothing that looks like Fleet Server answers
     */
    public String status(Duration timeout) throws IOException {
        Request req = new Request.Builder().url(resolve("api/status")).get()
                .header("Accept", "application/json")
                .header("User-Agent", version.userAgent())
                .header("Elastic-Api-Version", API_VERSION)
                .header("X-Request-ID", requestIds.next()).build();
        Call call = http.newCall(req);
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Response resp = call.execute()) {
            if (resp.code() != 200 && resp.code() != 503) {
                throw errorFrom(resp);
            }
            byte[] raw = body(resp, MAX_REPLY);
            FleetReplies.Status n;
            try {
                n = Json.read(raw, FleetReplies.Status.class);
            } catch (JSONObjectException e) {
                n = null; // JSON, but not an object: no Fleet status in it
            } catch (JsonProcessingException e) {
                throw new IOException("the server at " + base.host() + " is not a Fleet Server (its /api/status is not JSON)");
            }
            String status = n == null ? "" : nz(n.status());
            if (status.isEmpty()) {
                throw new IOException("the server at " + base.host() + " answered /api/status without a Fleet status");
            }
            return status;
        }
    }

    /** Cancels every call in flight (a check-in long poll), so that the daemon stops or restarts at once. */
    public void cancelAll() {
        http.dispatcher().cancelAll();
    }

    /** The base URL this client talks to. */
    public URI baseUrl() {
        return base.uri();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream(raw.length / 4 + 64);
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    private <T> T post(String path, String authorization, byte[] body, Class<T> reply, Duration timeout) throws IOException {
        return read(send(path, authorization, body, false, timeout), reply);
    }

    /** Binds a reply; null when it is empty (Fleet Server answers some requests with nothing). */
    private <T> T read(byte[] raw, Class<T> type) throws IOException {
        try {
            return Json.read(raw, type);
        } catch (JsonProcessingException e) {
            throw new IOException("could not decode Fleet Server's reply from " + base.host() + ": " + snippet(raw));
        }
    }

    /** Sends a request and returns the body of its 200 reply. */
    private byte[] send(String path, String authorization, byte[] body, boolean gzipped, Duration timeout) throws IOException {
        HttpUrl url = resolve(path);
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        if (gzipped) {
            rb.header("Content-Encoding", "gzip");
        }
        headers.forEach((k, v) -> {
            if (!PROTECTED.contains(k.toLowerCase(Locale.ROOT))) {
                rb.header(k, v);
            }
        });
        rb.header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("kbn-xsrf", "1")
                .header("X-Request-ID", requestIds.next())
                .header("Elastic-Api-Version", API_VERSION)
                .header("User-Agent", version.userAgent());
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        Call call = http.newCall(rb.build());
        if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
            call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try (Response resp = call.execute()) {
            if (resp.code() != 200) {
                throw errorFrom(resp);
            }
            return body(resp, path.endsWith("/checkin") ? MAX_CHECKIN_REPLY : MAX_REPLY);
        }
    }

    private HttpUrl resolve(String path) {
        String prefix = base.encodedPath();
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return base.newBuilder().encodedPath(prefix + path).build();
    }

    /**
     * The body of {@code resp}, read as a stream up to {@code limit} bytes: a larger reply is refused without being
     * held in memory, whether it announces its length or not (chunked, or decompressed from gzip).
     */
    private static byte[] body(Response resp, long limit) throws IOException {
        ResponseBody b = resp.body();
        String host = resp.request().url().host();
        if (b.contentLength() > limit) {
            throw new ReplyTooLargeException(host, limit, b.contentLength());
        }
        try (InputStream in = b.byteStream()) {
            byte[] raw = in.readNBytes((int) limit + 1);
            if (raw.length > limit) {
                throw new ReplyTooLargeException(host, limit, -1);
            }
            return raw;
        }
    }

    private static FleetApiException errorFrom(Response resp) throws IOException {
        byte[] raw;
        try (InputStream in = resp.body().byteStream()) {
            raw = in.readNBytes(ERROR_BODY_READ); // an error body is only quoted, never used whole
        }
        String type = "";
        String message = "";
        try {
            FleetReplies.Error n = Json.read(raw, FleetReplies.Error.class);
            type = n == null ? "" : nz(n.error());
            message = n == null ? "" : nz(n.message());
        } catch (JsonProcessingException | RuntimeException e) {
            message = raw.length == 0 ? resp.message() : "raw response: " + snippet(raw);
        }
        return new FleetApiException(resp.code(), type, message, retryAfter(resp.header("Retry-After")));
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String snippet(byte[] raw) {
        String s = new String(raw, java.nio.charset.StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
