package org.fleetagent.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fleetagent.config.GoDuration;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.fleet.FleetConnection.ProxySource;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;

/**
 * The one codec between fleet.enc's YAML and {@link FleetConfig}. A key is decoded into a typed field only when it
 * holds the type the real agent writes there; anything else (unknown keys, unexpected types) stays in the
 * section's {@code other} map and is written back as it was, so {@code encode(decode(tree))} equals {@code tree}.
 */
public final class FleetConfigCodec {
    /** The {@code fleet} keys that make the connection to Fleet. */
    public static final List<String> CONNECTION_KEYS = List.of("protocol", "host", "path", "hosts", "headers", "ssl",
            "timeout", "proxy_url", "proxy_headers", "proxy_disable", "proxy_ssl", "proxy_source");

    private FleetConfigCodec() {
    }

    /** Parses fleet.enc's plaintext. */
    public static FleetConfig read(byte[] yaml) {
        return decode(YamlCodec.load(yaml));
    }

    /** fleet.enc's plaintext for {@code c}: block YAML, keys sorted, as the real agent writes it. */
    public static byte[] write(FleetConfig c) {
        return YamlCodec.dumpBytes(encode(c));
    }

    public static FleetConfig decode(Map<String, Object> tree) {
        Map<String, Object> rest = new LinkedHashMap<>(tree);
        Map<String, Object> agent = section(rest, "agent");
        Map<String, Object> fleet = section(rest, "fleet");
        return new FleetConfig(agent == null ? null : new FleetConfig.Agent(string(agent, "id"), agent),
                fleet == null ? null : fleet(fleet), rest);
    }

    public static Map<String, Object> encode(FleetConfig c) {
        Map<String, Object> out = new LinkedHashMap<>(c.other());
        if (c.agent() != null) {
            Map<String, Object> a = new LinkedHashMap<>(c.agent().other());
            putIf(a, "id", c.agent().id());
            out.put("agent", a);
        }
        if (c.fleet() != null) {
            out.put("fleet", fleet(c.fleet()));
        }
        return out;
    }

    private static FleetConfig.Fleet fleet(Map<String, Object> f) {
        Map<String, Object> connection = new LinkedHashMap<>();
        for (String k : CONNECTION_KEYS) {
            if (f.containsKey(k)) {
                connection.put(k, f.remove(k));
            }
        }
        Map<String, Object> server = section(f, "server");
        Map<String, Object> checkin = section(f, "checkin");
        SettingOrigins origins = f.get("origins") instanceof Map<?, ?> o ? SettingOrigins.decode(o) : null;
        if (origins != null) {
            f.remove("origins");
        }
        return new FleetConfig.Fleet(bool(f, "enabled"), string(f, "access_api_key"), string(f, "enrollment_token_hash"),
                string(f, "replace_token_hash"), string(f, "replace_token"), new FleetConfig.Connection(connection, null),
                server == null ? null : server(server),
                checkin == null ? null : new FleetConfig.Checkin(string(checkin, "mode"), string(checkin, "compression"), checkin),
                origins, f);
    }

    private static Map<String, Object> fleet(FleetConfig.Fleet f) {
        Map<String, Object> out = new LinkedHashMap<>(f.other());
        putIf(out, "enabled", f.enabled());
        putIf(out, "access_api_key", f.accessApiKey());
        putIf(out, "enrollment_token_hash", f.enrollmentTokenHash());
        putIf(out, "replace_token_hash", f.replaceTokenHash());
        putIf(out, "replace_token", f.replaceToken());
        out.putAll(f.connection().replaced() != null ? connectionKeys(f.connection().replaced()) : f.connection().asRead());
        if (f.server() != null) {
            out.put("server", server(f.server()));
        }
        if (f.checkin() != null) {
            Map<String, Object> c = new LinkedHashMap<>(f.checkin().other());
            putIf(c, "mode", f.checkin().mode());
            putIf(c, "compression", f.checkin().compression());
            out.put("checkin", c);
        }
        if (!f.origins().isEmpty()) {
            out.put("origins", f.origins().encode());
        }
        return out;
    }

    private static FleetConfig.FleetServer server(Map<String, Object> s) {
        String policyId = null;
        if (s.get("policy") instanceof Map<?, ?> p && p.size() == 1 && p.get("id") instanceof String id) {
            policyId = id;
            s.remove("policy");
        }
        Map<String, Object> es = null;
        if (s.get("output") instanceof Map<?, ?> o && o.size() == 1 && o.get("elasticsearch") instanceof Map<?, ?>) {
            es = section(object(s.remove("output")), "elasticsearch");
        }
        return new FleetConfig.FleetServer(bool(s, "bootstrap"), policyId, string(s, "host"), integer(s, "port"),
                integer(s, "internal_port"), section(s, "ssl"), es, s);
    }

    /** The {@code fleet.server} block of {@code s}, as fleet.enc (and the fleet-server component) have it. */
    public static Map<String, Object> server(FleetConfig.FleetServer s) {
        Map<String, Object> out = new LinkedHashMap<>(s.other());
        putIf(out, "bootstrap", s.bootstrap());
        if (s.policyId() != null) {
            out.put("policy", new LinkedHashMap<>(Map.of("id", s.policyId())));
        }
        putIf(out, "host", s.host());
        putIf(out, "port", s.port());
        putIf(out, "internal_port", s.internalPort());
        putIf(out, "ssl", s.ssl());
        if (s.elasticsearch() != null) {
            out.put("output", new LinkedHashMap<>(Map.of("elasticsearch", s.elasticsearch())));
        }
        return out;
    }

    /** Reads a {@code fleet.server} block built as a tree (the bootstrap's). */
    public static FleetConfig.FleetServer server(Map<String, Object> block, boolean copy) {
        return server(copy ? deepCopy(block) : block);
    }

    /** What an enrollment carries over from {@code elastic-agent.yml} (parsed as {@code yml}). */
    public static CarriedSettings carried(Map<String, Object> yml) {
        Map<String, Object> agent = mapOf(yml.get("agent"));
        Map<String, Object> logging = mapOf(agent.get("logging"));
        Object level = logging.get("level") != null ? logging.get("level") : agent.get("logging.level");
        Map<String, Object> fleet = mapOf(yml.get("fleet"));
        return new CarriedSettings(Boolean.TRUE.equals(fleet.get("enabled")), level,
                mapOf(agent.get("monitoring")).get("http"), mapOf(fleet.get("checkin")));
    }

    /** The connection the {@code fleet} connection keys describe. */
    static FleetConnection connection(Map<String, Object> fleet) {
        List<URI> hosts = new ArrayList<>();
        boolean fromPolicy = false;
        if (fleet.get("hosts") instanceof List<?> list && !list.isEmpty()) {
            list.forEach(h -> hosts.add(URI.create(String.valueOf(h))));
            fromPolicy = true;
        } else {
            String host = str(fleet.get("host"), "");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("fleet.host is missing");
            }
            hosts.add(URI.create(str(fleet.get("protocol"), "https") + "://" + host + str(fleet.get("path"), "")));
        }
        TlsSettings tls = tls(mapOf(fleet.get("ssl")), true);
        String proxyUrl = str(fleet.get("proxy_url"), "");
        Map<String, Object> proxySsl = mapOf(fleet.get("proxy_ssl"));
        ProxySettings proxy = new ProxySettings(proxyUrl.isEmpty() ? null : URI.create(proxyUrl),
                stringMap(fleet.get("proxy_headers")), Boolean.TRUE.equals(fleet.get("proxy_disable")),
                proxySsl.isEmpty() ? null : tls(proxySsl, false));
        String declared = str(fleet.get("proxy_source"), "");
        ProxySource source = !declared.isEmpty() ? ProxySource.valueOf(declared.toUpperCase(Locale.ROOT))
                : proxyUrl.isEmpty() && !proxy.disabled() ? ProxySource.NONE : ProxySource.CLI;
        return new FleetConnection(hosts, stringMap(fleet.get("headers")), tls, proxy, source, fromPolicy);
    }

    private static TlsSettings tls(Map<String, Object> ssl, boolean pins) {
        String passphrase = str(ssl.get("key_passphrase_path"), null);
        return new TlsSettings(strings(ssl.get("certificate_authorities")), pins ? pins(ssl.get("ca_sha256")) : List.of(),
                VerificationMode.valueOf(str(ssl.get("verification_mode"), "full").toUpperCase(Locale.ROOT)),
                str(ssl.get("certificate"), null), str(ssl.get("key"), null), passphrase == null ? null : Path.of(passphrase));
    }

    /** The {@code fleet} connection keys for {@code c}, in the real agent's names. */
    public static Map<String, Object> connectionKeys(FleetConnection c) {
        Map<String, Object> out = new LinkedHashMap<>();
        URI first = c.primary();
        out.put("protocol", first.getScheme());
        out.put("host", first.getPort() > 0 ? first.getHost() + ":" + first.getPort() : first.getHost());
        if (first.getRawPath() != null && !first.getRawPath().isEmpty() && !first.getRawPath().equals("/")) {
            out.put("path", first.getRawPath());
        }
        if (c.hostsFromPolicy()) {
            out.put("hosts", c.hosts().stream().map(URI::toString).toList());
        }
        if (!c.headers().isEmpty()) {
            out.put("headers", new LinkedHashMap<>(c.headers()));
        }
        out.put("ssl", ssl(c.tls()));
        out.put("timeout", GoDuration.format(java.time.Duration.ofMinutes(10)));
        ProxySettings proxy = c.proxy();
        if (proxy.url() != null) {
            out.put("proxy_url", proxy.url().toString());
        }
        if (proxy.headers() != null && !proxy.headers().isEmpty()) {
            out.put("proxy_headers", new LinkedHashMap<>(proxy.headers()));
        }
        if (proxy.disabled()) {
            out.put("proxy_disable", true);
        }
        if (proxy.proxyTls() != null) {
            // not a key of the real agent: the TLS of the hop to an https:// proxy when it differs from Fleet's
            out.put("proxy_ssl", ssl(proxy.proxyTls()));
        }
        if (c.proxySource() != ProxySource.NONE) {
            out.put("proxy_source", c.proxySource().name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Map<String, Object> ssl(TlsSettings t) {
        Map<String, Object> ssl = new LinkedHashMap<>();
        ssl.put("verification_mode", t.verificationMode().configName());
        ssl.put("renegotiation", "never");
        if (!t.certificateAuthorities().isEmpty()) {
            ssl.put("certificate_authorities", t.certificateAuthorities());
        }
        if (!t.caSha256().isEmpty()) {
            ssl.put("ca_sha256", t.caSha256().stream().map(Pin::base64).toList());
        }
        putIf(ssl, "certificate", t.certificate());
        putIf(ssl, "key", t.key());
        if (t.keyPassphrasePath() != null) {
            ssl.put("key_passphrase_path", t.keyPassphrasePath().toString());
        }
        return ssl;
    }

    /** Removes {@code key} from {@code m} and returns it as a mutable map when it is one; else leaves it there. */
    private static Map<String, Object> section(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?>)) {
            return null;
        }
        return object(m.remove(key));
    }

    private static String string(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? (String) m.remove(key) : null;
    }

    private static Boolean bool(Map<String, Object> m, String key) {
        return m.get(key) instanceof Boolean ? (Boolean) m.remove(key) : null;
    }

    private static Integer integer(Map<String, Object> m, String key) {
        return m.get(key) instanceof Integer ? (Integer) m.remove(key) : null;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Map<String, Object> mapOf(Object o) {
        return o instanceof Map<?, ?> ? object(o) : Map.of();
    }

    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> ? deepCopy(object(v)) : v));
        return out;
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    /** Stored pins, in whatever form a person or another tool wrote them into the file. */
    private static List<Pin> pins(Object o) {
        List<Pin> pins = new ArrayList<>();
        for (String p : strings(o)) {
            try {
                pins.add(Pin.parse(p));
            } catch (IllegalArgumentException e) {
                throw new AgentException(ExitCode.FAILURE, "fleet.ssl.ca_sha256 of the stored configuration: " + e.getMessage(), e);
            }
        }
        return pins;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (o instanceof String s && !s.isEmpty()) {
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
