package org.fleetagent.enroll;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.fleet.EnrollResponse;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.store.CarriedSettings;
import org.fleetagent.store.FleetConfigCodec;
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
     * @param persistent settings carried over from {@code elastic-agent.yml}
     */
    public static Map<String, Object> build(EnrollOptions o, EnrollResponse r, CarriedSettings persistent,
                                            AgentVersion version, TokenHashes hashes) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("id", r.agentId());
        Map<String, Object> monitoring = new LinkedHashMap<>();
        monitoring.put("enabled", false);
        monitoring.put("host", "localhost");
        monitoring.put("port", 6791);
        monitoring.put("buffer", null);
        agent.put("monitoring.http", persistent.monitoringHttp() != null ? persistent.monitoringHttp() : monitoring);
        if (persistent.loggingLevel() != null) {
            agent.put("logging.level", persistent.loggingLevel());
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
        fleet.put("enrollment_token_hash", hashes.enrollmentToken());
        fleet.put("replace_token_hash", hashes.replaceToken());
        fleet.putAll(connection(o.url(), o.headers(), o.transport().tls(), o.insecure(), o.transport().proxy()));
        fleet.put("agent", Map.of("id", ""));
        Map<String, Object> checkin = new LinkedHashMap<>(persistent.checkin());
        checkin.putIfAbsent("compression", "gzip");
        if (o.checkinOnStateChange()) {
            checkin.put("mode", "on_state_change");
        }
        fleet.put("checkin", checkin);
        if (!o.origins().isEmpty()) {
            fleet.put("origins", o.origins().encode());
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("agent", agent);
        doc.put("fleet", fleet);
        return doc;
    }

    /**
     * The {@code fleet} connection keys for an enrollment's options, under the real key names (see
     * {@link FleetConfigCodec#connectionKeys}); {@code --insecure} means {@code verification_mode: none}.
     */
    public static Map<String, Object> connection(URI url, Map<String, String> headers, TlsSettings tls, boolean insecure,
                                                 ProxySettings proxy) {
        TlsSettings effective = new TlsSettings(tls.certificateAuthorities(), tls.caSha256(),
                insecure ? VerificationMode.NONE : tls.verificationMode() == null ? VerificationMode.FULL : tls.verificationMode(),
                blankToNull(tls.certificate()), blankToNull(tls.key()), tls.keyPassphrasePath());
        ProxySettings p = proxy == null ? new ProxySettings(null, Map.of(), false, null) : proxy;
        FleetConnection.ProxySource source = p.url() != null || p.disabled()
                ? FleetConnection.ProxySource.CLI : FleetConnection.ProxySource.NONE;
        return FleetConfigCodec.connectionKeys(new FleetConnection(List.of(url), headers, effective, p, source, false));
    }

    /** The key under {@code fleet} holding the replace token of the enrollment (an extension; kept encrypted). */
    public static final String REPLACE_TOKEN_KEY = "replace_token";

    /** Keeps the enrollment's replace token in the document, so that a reinstall can replace the agent in place. */
    @SuppressWarnings("unchecked")
    public static void keepReplaceToken(Map<String, Object> doc, String replaceToken) {
        ((Map<String, Object>) doc.get("fleet")).put(REPLACE_TOKEN_KEY, replaceToken);
    }

    /**
     * The stored hashes of the enrollment and replace tokens ({@code ""} when there is no replace token).
     *
     * @param enrollmentToken {@code enrollment_token_hash}
     * @param replaceToken    {@code replace_token_hash}
     */
    public record TokenHashes(String enrollmentToken, String replaceToken) {
        /** Computes both; PBKDF2 with 210 000 rounds makes this take a few hundred milliseconds. */
        public static TokenHashes of(String enrollmentToken, String replaceToken) {
            return new TokenHashes(TokenHash.hash(enrollmentToken),
                    replaceToken == null || replaceToken.isEmpty() ? "" : TokenHash.hash(replaceToken));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
