package org.fleetagent.enroll;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.config.GoDuration;
import org.fleetagent.fleet.EnrollResponse;
import org.fleetagent.store.TokenHash;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.version.AgentVersion;

/**
 * The agent and Fleet configuration an enrollment writes into {@code fleet.enc}, under the real agent's key
 * names (reference/elastic-agent.md §4.2), so that the real agent, and our daemon, read it alike.
 */
public final class EnrolledConfig {
    /** The Fleet request timeout the real agent writes ({@code fleet.timeout}). */
    public static final Duration FLEET_TIMEOUT = Duration.ofMinutes(10);

    private EnrolledConfig() {
    }

    /**
     * @param persistent settings carried over from {@code elastic-agent.yml}: {@code logging.level},
     *                   {@code monitoring.http}, {@code fleet.checkin} (may be empty)
     */
    public static Map<String, Object> build(EnrollOptions o, EnrollResponse r, Map<String, Object> persistent,
                                            AgentVersion version) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("id", r.agentId());
        Map<String, Object> monitoring = new LinkedHashMap<>();
        monitoring.put("enabled", false);
        monitoring.put("host", "localhost");
        monitoring.put("port", 6791);
        monitoring.put("buffer", null);
        agent.put("monitoring.http", persistent.getOrDefault("monitoring.http", monitoring));
        if (persistent.containsKey("logging.level")) {
            agent.put("logging.level", persistent.get("logging.level"));
        }
        if (!o.headers().isEmpty()) {
            agent.put("headers", new LinkedHashMap<>(o.headers()));
        }
        if (o.stagingHash() != null && !o.stagingHash().isEmpty()) {
            agent.put("download", Map.of("sourceURI", "https://staging.elastic.co/" + version.version() + "-"
                    + o.stagingHash().substring(0, 8) + "/downloads/"));
        }

        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("enabled", true);
        fleet.put("access_api_key", r.accessApiKey());
        fleet.put("enrollment_token_hash", TokenHash.hash(o.enrollmentToken()));
        fleet.put("replace_token_hash", o.replaceToken() == null || o.replaceToken().isEmpty()
                ? "" : TokenHash.hash(o.replaceToken()));
        fleet.putAll(connection(o.url(), o.headers(), o.transport().tls(), o.insecure(), o.transport().proxy()));
        fleet.put("agent", Map.of("id", ""));
        Map<String, Object> checkin = new LinkedHashMap<>();
        Object persistedCheckin = persistent.get("fleet.checkin");
        if (persistedCheckin instanceof Map<?, ?> m) {
            m.forEach((k, v) -> checkin.put(String.valueOf(k), v));
        }
        checkin.putIfAbsent("compression", "gzip");
        if (o.checkinOnStateChange()) {
            checkin.put("mode", "on_state_change");
        }
        fleet.put("checkin", checkin);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("agent", agent);
        doc.put("fleet", fleet);
        return doc;
    }

    /**
     * The {@code fleet} connection keys for a URL: {@code protocol}, {@code host} (host[:port]), {@code path},
     * {@code headers}, {@code ssl}, {@code timeout} and the proxy keys {@code proxy_url}, {@code proxy_headers},
     * {@code proxy_disable} (not {@code proxy_disabled}: user-pains row 7).
     */
    public static Map<String, Object> connection(URI url, Map<String, String> headers, TlsSettings tls, boolean insecure,
                                                 ProxySettings proxy) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("protocol", url.getScheme());
        c.put("host", url.getPort() > 0 ? url.getHost() + ":" + url.getPort() : url.getHost());
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            c.put("path", path);
        }
        if (headers != null && !headers.isEmpty()) {
            c.put("headers", new LinkedHashMap<>(headers));
        }
        c.put("ssl", ssl(tls, insecure));
        c.put("timeout", GoDuration.format(FLEET_TIMEOUT));
        if (proxy != null) {
            if (proxy.url() != null) {
                c.put("proxy_url", proxy.url().toString());
            }
            if (proxy.headers() != null && !proxy.headers().isEmpty()) {
                c.put("proxy_headers", new LinkedHashMap<>(proxy.headers()));
            }
            if (proxy.disabled()) {
                c.put("proxy_disable", true);
            }
        }
        return c;
    }

    private static Map<String, Object> ssl(TlsSettings tls, boolean insecure) {
        Map<String, Object> ssl = new LinkedHashMap<>();
        VerificationMode mode = insecure ? VerificationMode.NONE
                : tls == null || tls.verificationMode() == null ? VerificationMode.FULL : tls.verificationMode();
        ssl.put("verification_mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        ssl.put("renegotiation", "never");
        if (tls != null) {
            putList(ssl, "certificate_authorities", tls.certificateAuthorities());
            putList(ssl, "ca_sha256", tls.caSha256());
            putString(ssl, "certificate", tls.certificate());
            putString(ssl, "key", tls.key());
            if (tls.keyPassphrasePath() != null) {
                ssl.put("key_passphrase_path", tls.keyPassphrasePath().toString());
            }
        }
        return ssl;
    }

    private static void putList(Map<String, Object> m, String key, List<String> v) {
        if (v != null && !v.isEmpty()) {
            m.put(key, List.copyOf(v));
        }
    }

    private static void putString(Map<String, Object> m, String key, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(key, v);
        }
    }
}
