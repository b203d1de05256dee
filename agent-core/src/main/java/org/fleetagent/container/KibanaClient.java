package org.fleetagent.container;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.container.KibanaReplies.Key;
import org.fleetagent.container.KibanaReplies.KeyItem;
import org.fleetagent.container.KibanaReplies.KeyPage;
import org.fleetagent.container.KibanaReplies.Policy;
import org.fleetagent.container.KibanaReplies.PolicyItem;
import org.fleetagent.container.KibanaReplies.PolicyList;
import org.fleetagent.container.KibanaReplies.ServiceToken;
import org.fleetagent.json.Json;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;

/**
 * The Kibana Fleet API calls of the container entrypoint (§5.4): an Elasticsearch service token for a Fleet Server,
 * and the enrollment token of a policy found by id, by name or as the default. Authenticates with
 * KIBANA_FLEET_SERVICE_TOKEN (Bearer) or with the basic-auth user and password; every GET is retried
 * KIBANA_REQUEST_RETRY_COUNT times, KIBANA_REQUEST_RETRY_SLEEP apart, on network errors and 5xx replies.
 */
public final class KibanaClient {
    private final OkHttpClient http;
    private final HttpUrl base;
    private final String authorization;
    private final Map<String, String> headers;
    private final int retries;
    private final Duration sleep;

    public KibanaClient(ContainerEnv env, Map<String, String> rawEnv) {
        String host = env.withDefault("http://kibana:5601", "KIBANA_FLEET_HOST", "KIBANA_HOST");
        HttpUrl u = HttpUrl.parse(host);
        if (u == null) {
            throw new AgentException(ExitCode.USAGE, env.source("KIBANA_FLEET_HOST", "KIBANA_HOST") + "=" + host
                    + " is not an http:// or https:// URL, such as https://kibana:5601");
        }
        this.base = u;
        Optional<String> token = env.first("KIBANA_FLEET_SERVICE_TOKEN", "FLEET_SERVER_SERVICE_TOKEN");
        Optional<String> tokenPath = env.first("KIBANA_FLEET_SERVICE_TOKEN_PATH", "FLEET_SERVER_SERVICE_TOKEN_PATH");
        if (tokenPath.isPresent()) {
            try {
                token = Optional.of(Files.readString(Path.of(tokenPath.get())).trim());
            } catch (IOException e) {
                throw new AgentException(ExitCode.USAGE, "the Kibana service token file " + tokenPath.get() + " cannot be read: " + e.getMessage());
            }
        }
        if (token.isPresent()) {
            this.authorization = "Bearer " + token.get();
        } else {
            String user = env.withDefault("elastic", "KIBANA_FLEET_USERNAME", "KIBANA_USERNAME", "ELASTICSEARCH_USERNAME");
            String password = env.withDefault("changeme", "KIBANA_FLEET_PASSWORD", "KIBANA_PASSWORD", "ELASTICSEARCH_PASSWORD");
            this.authorization = okhttp3.Credentials.basic(user, password, StandardCharsets.UTF_8);
        }
        java.util.LinkedHashMap<String, String> h = new java.util.LinkedHashMap<>();
        env.first("FLEET_KIBANA_HEADER").ifPresent(v -> splitHeader(h, v));
        env.first("FLEET_KIBANA_HEADERS").ifPresent(v -> ContainerEnv.splitQuoted(v).forEach(kv -> splitHeader(h, kv)));
        this.headers = h;
        this.retries = env.first("KIBANA_REQUEST_RETRY_COUNT").map(v -> {
            try {
                return Math.max(1, Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                return 30;
            }
        }).orElse(30);
        this.sleep = env.duration("KIBANA_REQUEST_RETRY_SLEEP").orElse(Duration.ofSeconds(1));
        List<String> cas = env.first("KIBANA_FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA").map(List::of).orElse(List.of());
        TlsSettings tls = new TlsSettings(cas, List.of(), VerificationMode.FULL, null, null, null);
        this.http = new HttpClientFactory(rawEnv).create(new TransportSettings(tls, ProxySettings.fromEnvironment(), Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
    }

    private static void splitHeader(Map<String, String> h, String kv) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
            h.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
        }
    }

    /** POST /api/fleet/service_tokens: a new Elasticsearch service token for Fleet Server. */
    public String createServiceToken() {
        ServiceToken n = call("POST", base.newBuilder().addPathSegments("api/fleet/service_tokens").build(), "{}", ServiceToken.class);
        String value = n == null || n.value() == null ? "" : n.value();
        if (value.isEmpty()) {
            throw new AgentException(ExitCode.FAILURE, "Kibana at " + base + " returned no service token value");
        }
        return value;
    }

    /**
     * The enrollment token named {@code tokenName} (a trailing " (<uuid>)" of Kibana's names ignored) of the policy
     * {@code policyId}, else the one named {@code policyName}, else the default policy (the default Fleet Server
     * policy when {@code fleetServer}).
     */
    public String findEnrollmentToken(String policyId, String policyName, String tokenName, boolean fleetServer) {
        String id = null;
        if (policyId != null && !policyId.isEmpty()) {
            PolicyItem p = callOrNull(base.newBuilder().addPathSegments("api/fleet/agent_policies").addPathSegment(policyId).build(),
                    PolicyItem.class);
            if (p != null && p.item() != null) {
                id = p.item().id();
            }
        }
        if (id == null) {
            String kuery = policyName != null && !policyName.isEmpty() ? "name: \"" + policyName + "\""
                    : fleetServer ? "is_default_fleet_server: true" : "is_default: true";
            PolicyList list = call("GET", base.newBuilder().addPathSegments("api/fleet/agent_policies").addQueryParameter("kuery", kuery).build(),
                    null, PolicyList.class);
            List<Policy> items = list == null || list.items() == null ? List.of() : list.items();
            if (items.isEmpty()) {
                throw new AgentException(ExitCode.FAILURE, "Kibana has no agent policy matching " + kuery
                        + ": set FLEET_TOKEN_POLICY_NAME or FLEET_SERVER_POLICY_ID to an existing policy");
            }
            id = items.get(0) == null || items.get(0).id() == null ? "" : items.get(0).id();
        }
        String keyId = null;
        for (int page = 1; keyId == null; page++) {
            HttpUrl url = base.newBuilder().addPathSegments("api/fleet/enrollment_api_keys")
                    .addQueryParameter("kuery", "active: true and policy_id: \"" + id + "\"")
                    .addQueryParameter("perPage", "10000").addQueryParameter("page", String.valueOf(page)).build();
            KeyPage r = call("GET", url, null, KeyPage.class);
            List<Key> keys = r == null ? List.of() : r.keys();
            if (keys.isEmpty()) {
                break;
            }
            for (Key k : keys) {
                String name = k.name() == null ? "" : k.name();
                if (name.equals(tokenName) || name.replaceFirst(" \\([0-9a-fA-F-]{36}\\)$", "").equals(tokenName)) {
                    keyId = k.id() == null ? "" : k.id();
                    break;
                }
            }
            if (page * 10000L >= (r.total() == null ? 0 : r.total())) {
                break;
            }
        }
        if (keyId == null) {
            throw new AgentException(ExitCode.FAILURE, "policy " + id + " has no active enrollment token named \"" + tokenName
                    + "\" in Kibana: set FLEET_TOKEN_NAME to its name, or FLEET_ENROLLMENT_TOKEN to the token");
        }
        KeyItem key = call("GET", base.newBuilder().addPathSegments("api/fleet/enrollment_api_keys").addPathSegment(keyId).build(),
                null, KeyItem.class);
        String token = key == null || key.item() == null || key.item().api_key() == null ? "" : key.item().api_key();
        if (token.isEmpty()) {
            throw new AgentException(ExitCode.FAILURE, "Kibana returned enrollment token " + keyId + " without its key");
        }
        return token;
    }

    private <T> T callOrNull(HttpUrl url, Class<T> type) {
        try {
            return call("GET", url, null, type);
        } catch (NotFound e) {
            return null;
        }
    }

    private static final class NotFound extends AgentException {
        NotFound(String m) {
            super(ExitCode.FAILURE, m);
        }
    }

    private <T> T call(String method, HttpUrl url, String body, Class<T> type) {
        String cause = "";
        for (int attempt = 1; attempt <= retries; attempt++) {
            Request.Builder rb = new Request.Builder().url(url).header("Authorization", authorization).header("Accept", "application/json");
            headers.forEach(rb::header);
            if (body != null) {
                rb.header("kbn-xsrf", "elastic-agent").method(method, RequestBody.create(body, MediaType.get("application/json")));
            }
            try (Response resp = http.newCall(rb.build()).execute()) {
                byte[] raw = resp.body().bytes();
                if (resp.code() == 401 || resp.code() == 403) {
                    throw new AgentException(ExitCode.CREDENTIALS, "Kibana at " + base + " rejected the credentials (" + resp.code()
                            + "): check KIBANA_FLEET_USERNAME and KIBANA_FLEET_PASSWORD, or KIBANA_FLEET_SERVICE_TOKEN");
                }
                if (resp.code() == 404) {
                    throw new NotFound("Kibana at " + base + " has no " + url.encodedPath());
                }
                if (resp.code() >= 200 && resp.code() < 300) {
                    return Json.read(raw, type);
                }
                cause = "HTTP " + resp.code();
                if (resp.code() < 500) {
                    throw new AgentException(ExitCode.FAILURE, "Kibana at " + base + " answered " + url.encodedPath() + " with " + cause);
                }
            } catch (IOException e) {
                cause = e.getMessage();
            }
            if (attempt < retries) {
                try {
                    Thread.sleep(sleep.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new AgentException(ExitCode.UNREACHABLE, "Kibana at " + base + " did not answer " + url.encodedPath() + " after " + retries
                + " tries (" + cause + "): check KIBANA_FLEET_HOST, or set KIBANA_REQUEST_RETRY_COUNT/KIBANA_REQUEST_RETRY_SLEEP");
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
