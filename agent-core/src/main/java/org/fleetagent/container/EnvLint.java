package org.fleetagent.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fleetagent.config.GoDuration;

/**
 * Checks the container's environment before anything runs: names under FLEET_, KIBANA_ and ELASTIC_AGENT_ that the
 * entrypoint does not read (with the closest real name), names that were removed, boolean variables whose value is
 * not a boolean word, and durations that do not parse. The original ignores all of these silently.
 */
public final class EnvLint {
    /** Every variable the entrypoint reads (reference/elastic-agent.md §1.4). */
    static final Set<String> KNOWN = Set.of(
            "FLEET_ENROLL", "FLEET_SERVER_ENABLE", "FLEET_FORCE", "FLEET_URL", "FLEET_ENROLLMENT_TOKEN", "FLEET_TOKEN_NAME",
            "FLEET_TOKEN_POLICY_NAME", "FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA", "FLEET_INSECURE", "FLEET_HEADER", "FLEET_HEADERS",
            "FLEET_DAEMON_TIMEOUT", "FLEET_ENROLL_TIMEOUT", "ELASTIC_AGENT_ID", "FLEET_REPLACE_TOKEN", "ELASTIC_AGENT_CERT",
            "ELASTIC_AGENT_CERT_KEY", "ELASTIC_AGENT_TAGS", "FLEET_SERVER_ELASTICSEARCH_HOST", "ELASTICSEARCH_HOST",
            "FLEET_SERVER_SERVICE_TOKEN", "FLEET_SERVER_SERVICE_TOKEN_PATH", "FLEET_SERVER_ELASTICSEARCH_CA",
            "FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT", "FLEET_SERVER_ELASTICSEARCH_INSECURE", "FLEET_SERVER_ES_CERT",
            "FLEET_SERVER_ES_CERT_KEY", "FLEET_SERVER_POLICY_ID", "FLEET_SERVER_POLICY", "FLEET_SERVER_HOST", "FLEET_SERVER_PORT",
            "FLEET_SERVER_CERT", "FLEET_SERVER_CERT_KEY", "FLEET_SERVER_CERT_KEY_PASSPHRASE", "FLEET_SERVER_CLIENT_AUTH",
            "FLEET_SERVER_INSECURE_HTTP", "FLEET_SERVER_TIMEOUT", "FLEET_SERVER_INIT_TIMEOUT", "KIBANA_FLEET_HOST", "KIBANA_HOST",
            "KIBANA_FLEET_USERNAME", "KIBANA_USERNAME", "ELASTICSEARCH_USERNAME", "KIBANA_FLEET_PASSWORD", "KIBANA_PASSWORD",
            "ELASTICSEARCH_PASSWORD", "KIBANA_FLEET_SERVICE_TOKEN", "KIBANA_FLEET_SERVICE_TOKEN_PATH", "KIBANA_FLEET_CA",
            "FLEET_KIBANA_HEADER", "FLEET_KIBANA_HEADERS", "KIBANA_REQUEST_RETRY_SLEEP", "KIBANA_REQUEST_RETRY_COUNT",
            "STATE_PATH", "CONFIG_PATH", "LOGS_PATH", "DATA_PATH", "HOME_PATH", "HTTPPROF", "APMSERVER_GOGC", "APM_SERVER_PATH",
            "ELASTIC_AGENT_CLOUD", "EVENTS_TO_STDERR", "ELASTIC_AGENT_GRPC_PORT", "AGENT_MONITORING_RUNTIME_EXPERIMENTAL",
            "DEBUG_AGENT", "ELASTIC_AGENT_JAVA", "ELASTIC_AGENT_JAVA_OPTS", "ELASTIC_AGENT_EPHEMERAL_STATE", EnrollDecision.REENROLL_REVOKED);

    /** Names that were read once and are not any more, with what to do instead. */
    static final Map<String, String> REMOVED = Map.of(
            "KIBANA_FLEET_SETUP", "was removed in 8.x: Fleet is set up in Kibana itself; drop it",
            "FLEET_SETUP", "was removed in 8.x: Fleet is set up in Kibana itself; drop it",
            "FLEET_SERVER_ELASTICSEARCH_USERNAME", "was removed: Fleet Server authenticates with FLEET_SERVER_SERVICE_TOKEN",
            "FLEET_SERVER_ELASTICSEARCH_PASSWORD", "was removed: Fleet Server authenticates with FLEET_SERVER_SERVICE_TOKEN");

    static final Set<String> BOOLEANS = Set.of("FLEET_ENROLL", "FLEET_SERVER_ENABLE", "FLEET_FORCE", "FLEET_INSECURE",
            "FLEET_SERVER_ELASTICSEARCH_INSECURE", "FLEET_SERVER_INSECURE_HTTP", "ELASTIC_AGENT_CLOUD", "HTTPPROF",
            "ELASTIC_AGENT_EPHEMERAL_STATE", EnrollDecision.REENROLL_REVOKED);

    static final Set<String> DURATIONS = Set.of("FLEET_DAEMON_TIMEOUT", "FLEET_ENROLL_TIMEOUT", "FLEET_SERVER_TIMEOUT",
            "FLEET_SERVER_INIT_TIMEOUT", "KIBANA_REQUEST_RETRY_SLEEP");

    /** The headers for Fleet: each entry must be key=value. */
    static final Set<String> HEADERS = Set.of("FLEET_HEADER", "FLEET_HEADERS");

    private EnvLint() {
    }

    /** One warning per problem, sorted by variable name. */
    public static List<String> warnings(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (REMOVED.containsKey(name)) {
                out.add(name + " " + REMOVED.get(name));
            } else if (!KNOWN.contains(name) && (name.startsWith("FLEET_") || name.startsWith("KIBANA_") || name.startsWith("ELASTIC_AGENT_"))) {
                String near = closest(name);
                out.add(name + " is not a variable the container reads" + (near == null ? "; it is ignored" : "; did you mean " + near + "?"));
            } else if (BOOLEANS.contains(name) && !value.isEmpty() && !isBooleanWord(value)) {
                out.add(name + "=" + value + " is not a boolean (1, true, yes, y, or 0, false, no, n): it is read as false");
            } else if (DURATIONS.contains(name) && !value.isEmpty()) {
                try {
                    GoDuration.parse(value);
                } catch (IllegalArgumentException ex) {
                    out.add(name + "=" + value + " is not a duration such as 30s or 5m: it is ignored");
                }
            } else if (HEADERS.contains(name) && !value.isEmpty()) {
                List<String> entries = name.equals("FLEET_HEADERS") ? ContainerEnv.splitQuoted(value) : List.of(value);
                for (String entry : entries) {
                    if (entry.indexOf('=') <= 0) {
                        // the original skips such an entry without a word; refusing would break its manifests
                        out.add(name + " entry \"" + entry.trim() + "\" is not key=value: it is ignored; write it as Header-Name=value");
                    }
                }
            }
        }
        return out;
    }

    private static boolean isBooleanWord(String v) {
        return Set.of("1", "true", "yes", "y", "0", "false", "no", "n").contains(v.toLowerCase(java.util.Locale.ROOT));
    }

    private static String closest(String name) {
        String best = null;
        int bestDistance = 4;
        for (String k : KNOWN) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
