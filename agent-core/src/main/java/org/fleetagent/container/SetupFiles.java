package org.fleetagent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * {@code fleet-setup.yml} and {@code credentials.yml} in the config path, which the real entrypoint unpacks over the
 * settings it read from the environment (keys {@code fleet.*}, {@code fleet_server.*}, {@code kibana.*} of its
 * {@code setupConfig}). Each key is turned into the variable it stands for, so that one reader ({@link ContainerEnv})
 * serves both and a file's value wins over the environment's, as there.
 */
public final class SetupFiles {
    /** The files, in the order they are applied (a later one wins). */
    public static final List<String> NAMES = List.of("fleet-setup.yml", "credentials.yml");

    /** setupConfig's key paths and the variables they stand for. */
    static final Map<String, String> KEYS = keys();

    private SetupFiles() {
    }

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        String[] pairs = {
            "fleet.ca", "FLEET_CA", "fleet.enroll", "FLEET_ENROLL", "fleet.enrollment_token", "FLEET_ENROLLMENT_TOKEN",
            "fleet.id", "ELASTIC_AGENT_ID", "fleet.replace_token", "FLEET_REPLACE_TOKEN", "fleet.force", "FLEET_FORCE",
            "fleet.insecure", "FLEET_INSECURE", "fleet.token_name", "FLEET_TOKEN_NAME", "fleet.token_policy_name", "FLEET_TOKEN_POLICY_NAME",
            "fleet.url", "FLEET_URL", "fleet.daemon_timeout", "FLEET_DAEMON_TIMEOUT", "fleet.enroll_timeout", "FLEET_ENROLL_TIMEOUT",
            "fleet.cert", "ELASTIC_AGENT_CERT", "fleet.cert_key", "ELASTIC_AGENT_CERT_KEY", "fleet.headers", "FLEET_HEADERS",
            "fleet_server.cert", "FLEET_SERVER_CERT", "fleet_server.cert_key", "FLEET_SERVER_CERT_KEY",
            "fleet_server.key_passphrase_path", "FLEET_SERVER_CERT_KEY_PASSPHRASE", "fleet_server.client_authentication", "FLEET_SERVER_CLIENT_AUTH",
            "fleet_server.enable", "FLEET_SERVER_ENABLE", "fleet_server.host", "FLEET_SERVER_HOST", "fleet_server.insecure_http", "FLEET_SERVER_INSECURE_HTTP",
            "fleet_server.policy_id", "FLEET_SERVER_POLICY_ID", "fleet_server.port", "FLEET_SERVER_PORT", "fleet_server.timeout", "FLEET_SERVER_TIMEOUT",
            "fleet_server.elasticsearch.ca", "FLEET_SERVER_ELASTICSEARCH_CA",
            "fleet_server.elasticsearch.ca_trusted_fingerprint", "FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT",
            "fleet_server.elasticsearch.host", "FLEET_SERVER_ELASTICSEARCH_HOST", "fleet_server.elasticsearch.service_token", "FLEET_SERVER_SERVICE_TOKEN",
            "fleet_server.elasticsearch.service_token_path", "FLEET_SERVER_SERVICE_TOKEN_PATH",
            "fleet_server.elasticsearch.insecure", "FLEET_SERVER_ELASTICSEARCH_INSECURE", "fleet_server.elasticsearch.cert", "FLEET_SERVER_ES_CERT",
            "fleet_server.elasticsearch.cert_key", "FLEET_SERVER_ES_CERT_KEY",
            "kibana.fleet.ca", "KIBANA_FLEET_CA", "kibana.fleet.host", "KIBANA_FLEET_HOST", "kibana.fleet.username", "KIBANA_FLEET_USERNAME",
            "kibana.fleet.password", "KIBANA_FLEET_PASSWORD", "kibana.fleet.service_token", "KIBANA_FLEET_SERVICE_TOKEN",
            "kibana.fleet.service_token_path", "KIBANA_FLEET_SERVICE_TOKEN_PATH", "kibana.retry_sleep_duration", "KIBANA_REQUEST_RETRY_SLEEP",
            "kibana.retry_max_count", "KIBANA_REQUEST_RETRY_COUNT", "kibana.headers", "FLEET_KIBANA_HEADERS"};
        for (int i = 0; i < pairs.length; i += 2) {
            k.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(k);
    }

    /**
     * The variables the files in {@code configDir} set, and which files were read.
     *
     * @throws AgentException (usage) when a file exists but is not YAML, naming it, as the real one refuses to start
     */
    public static Result read(Path configDir) {
        Map<String, String> vars = new LinkedHashMap<>();
        List<Path> read = new ArrayList<>();
        for (String name : NAMES) {
            Path f = configDir.resolve(name);
            byte[] raw;
            try {
                raw = Files.readAllBytes(f);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new AgentException(ExitCode.USAGE, f + " cannot be read (" + e.getMessage() + "): fix its permissions or remove it");
            }
            Map<String, Object> doc;
            try {
                doc = YamlCodec.load(raw);
            } catch (RuntimeException e) {
                throw new AgentException(ExitCode.USAGE, f + " is not valid YAML (" + e.getMessage() + "): fix the file or remove it");
            }
            flatten("", doc == null ? Map.of() : doc, vars);
            read.add(f);
        }
        return new Result(Map.copyOf(vars), List.copyOf(read));
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, String> vars) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            String variable = KEYS.get(key);
            Optional<Map<String, Object>> sub = YamlCodec.asMap(v);
            if (variable != null && sub.isPresent()) {
                List<String> kv = new ArrayList<>();
                sub.get().forEach((hk, hv) -> kv.add(hk + "=\"" + hv + "\""));
                vars.put(variable, String.join(",", kv));
            } else if (variable != null && v != null) {
                vars.put(variable, String.valueOf(v));
            } else if (sub.isPresent()) {
                flatten(key + ".", sub.get(), vars);
            }
        }
    }

    /**
     * @param variables the variables the files set (a later file's value wins)
     * @param files     the files that were read
     */
    public record Result(Map<String, String> variables, List<Path> files) {
        /** {@code env} with the files' variables over it. */
        public Map<String, String> over(Map<String, String> env) {
            Map<String, String> merged = new LinkedHashMap<>(env);
            merged.putAll(variables);
            return merged;
        }
    }
}
