package org.fleetagent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fleetagent.config.GoDuration;
import org.fleetagent.config.Urls;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * The container entrypoint's environment, read as the real agent reads it (reference/elastic-agent.md §1.4): the
 * same names, precedence chains ("first one set wins"), defaults and boolean words; and what it means as
 * {@code enroll} flags. Secrets (enrollment token, service token) never become flags: they go to the enroll
 * command through its environment.
 */
public final class ContainerEnv {
    /** The default STATE_PATH of the real image. */
    public static final String DEFAULT_STATE_PATH = "/usr/share/elastic-agent/state";

    private final Map<String, String> env;

    public ContainerEnv(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The real entrypoint's {@code envWithDefault} without a default: the first of {@code names} that is set ends the
     * chain, even when it is empty (an empty value then means "not given", as every caller there tests for "").
     */
    public Optional<String> first(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null) {
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The real {@code envWithDefault}: the first of {@code names} that is set, even empty; {@code def} when none is. */
    public String withDefault(String def, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null) {
                return v;
            }
        }
        return def;
    }

    /** Which of {@code names} gave the value (for messages), or the first name. */
    public String source(String... names) {
        for (String n : names) {
            if (env.containsKey(n)) {
                return n;
            }
        }
        return names[0];
    }

    /** Go's {@code isTrue}: 1, true, yes, y in any case, not trimmed (" 1" is false there too). */
    public static boolean isTrue(String v) {
        return v != null && Set.of("1", "true", "yes", "y").contains(v.toLowerCase(Locale.ROOT));
    }

    public boolean flag(String name) {
        return isTrue(env.get(name));
    }

    /** FLEET_ENROLL, or FLEET_SERVER_ENABLE (which needs an enrollment). */
    public boolean enroll() {
        return flag("FLEET_ENROLL") || fleetServerEnabled();
    }

    public boolean fleetServerEnabled() {
        return flag("FLEET_SERVER_ENABLE");
    }

    public boolean force() {
        return flag("FLEET_FORCE");
    }

    public Optional<String> fleetUrl() {
        return first("FLEET_URL");
    }

    public Optional<String> enrollmentToken() {
        return first("FLEET_ENROLLMENT_TOKEN");
    }

    public Optional<String> agentId() {
        return first("ELASTIC_AGENT_ID");
    }

    public boolean insecure() {
        return flag("FLEET_INSECURE") || flag("FLEET_SERVER_INSECURE_HTTP");
    }

    public Optional<String> fleetCa() {
        return first("FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA");
    }

    /** The URL the agent is expected to be enrolled into: FLEET_URL, or the local Fleet Server's when it runs one. */
    public Optional<String> expectedUrl() {
        if (fleetServerEnabled()) {
            return Optional.of((flag("FLEET_SERVER_INSECURE_HTTP") ? "http" : "https") + "://localhost:8221");
        }
        return fleetUrl();
    }

    /** STATE_PATH. */
    public Path statePath() {
        return Path.of(first("STATE_PATH").orElse(DEFAULT_STATE_PATH)).toAbsolutePath().normalize();
    }

    /** CONFIG_PATH, STATE_PATH by default. */
    public Path configPath() {
        return first("CONFIG_PATH").map(p -> Path.of(p).toAbsolutePath().normalize()).orElse(statePath());
    }

    /** LOGS_PATH; empty means logs go to standard error. */
    public Optional<Path> logsPath() {
        return first("LOGS_PATH").map(p -> Path.of(p).toAbsolutePath().normalize());
    }

    /** A Go duration variable; an invalid one counts as unset (and {@link EnvLint} says so). */
    public Optional<Duration> duration(String name) {
        return first(name).flatMap(v -> {
            try {
                return Optional.of(GoDuration.parse(v));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Refuses a URL variable that cannot be a URL (bad syntax, a port outside 1..65535), before the entrypoint
     * changes anything.
     */
    public void checkUrls() {
        for (String name : List.of("FLEET_URL", "KIBANA_FLEET_HOST", "KIBANA_HOST", "FLEET_SERVER_ELASTICSEARCH_HOST", "ELASTICSEARCH_HOST")) {
            Optional<String> v = first(name);
            if (v.isPresent()) {
                try {
                    Urls.parse(v.get());
                } catch (IllegalArgumentException e) {
                    throw new AgentException(ExitCode.USAGE, name + " " + e.getMessage() + "; fix the variable in the container's environment");
                }
            }
        }
        // what the enrollment will use, checked as its flags are, before Kibana is asked for a token (a 30 s wait)
        if (enroll()) {
            first("FLEET_URL").ifPresent(v -> requireHttpUrl("FLEET_URL", v, "https://fleet-server:8220"));
        }
        if (fleetServerEnabled()) {
            first("FLEET_SERVER_ELASTICSEARCH_HOST", "ELASTICSEARCH_HOST").ifPresent(v -> requireHttpUrl(
                    source("FLEET_SERVER_ELASTICSEARCH_HOST", "ELASTICSEARCH_HOST"), v, "http://elasticsearch:9200"));
        }
    }

    private static void requireHttpUrl(String name, String value, String example) {
        java.net.URI u = Urls.parse(value);
        if (u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null) {
            throw new AgentException(ExitCode.USAGE, name + " must be an http:// or https:// URL with a host, such as " + example + " (got \""
                    + Urls.redact(value.trim()) + "\"); fix the variable in the container's environment");
        }
    }

    /** FLEET_HEADER (one k=v) and FLEET_HEADERS (k=v,k2="v,2"). */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        first("FLEET_HEADER").ifPresent(v -> put(h, v));
        first("FLEET_HEADERS").ifPresent(v -> splitQuoted(v).forEach(kv -> put(h, kv)));
        return h;
    }

    private static void put(Map<String, String> h, String kv) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
            String v = kv.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            h.put(kv.substring(0, eq).trim(), v);
        }
    }

    /** Splits on commas outside double quotes. */
    static List<String> splitQuoted(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The Fleet Server service token: the file of FLEET_SERVER_SERVICE_TOKEN_PATH wins over FLEET_SERVER_SERVICE_TOKEN. */
    public Optional<String> serviceToken() {
        Optional<String> path = first("FLEET_SERVER_SERVICE_TOKEN_PATH");
        if (path.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(path.get())).trim());
            } catch (IOException e) {
                throw new AgentException(ExitCode.USAGE, "FLEET_SERVER_SERVICE_TOKEN_PATH names " + path.get() + ", which cannot be read: "
                        + e.getMessage() + "; mount the token file there or set FLEET_SERVER_SERVICE_TOKEN");
            }
        }
        return first("FLEET_SERVER_SERVICE_TOKEN");
    }
}
