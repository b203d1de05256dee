package org.fleetagent.enrollment;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.Policy;
import org.fleetagent.enrollment.Explanation.Setting;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.fleet.FleetConnection.ProxySource;
import org.fleetagent.fleet.PolicyFleet;
import org.fleetagent.store.SettingOrigins;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.TlsSettings;

/**
 * Explains the connection to Fleet: the enroll-time settings (with the flag or variable that gave each, from
 * {@code fleet.origins}) against the last applied policy's {@code fleet} section, by this agent's precedence rules
 * ({@link FleetConnection#withPolicy}).
 */
final class FleetExplainer {
    static final String NONE = "(none)";

    private final FleetConnection c;
    private final SettingOrigins origins;
    private final PolicyFleet pf;
    private final String revision;
    private final ProxyEnvironment env;

    /**
     * @param policy the last applied policy, or null
     */
    FleetExplainer(FleetConnection c, SettingOrigins origins, Policy policy, ProxyEnvironment env) {
        this.c = c;
        this.origins = origins;
        this.pf = policy == null ? null : policy.fleet();
        this.revision = policy == null ? "a policy" : "policy revision " + (policy.revision() == null ? "?" : policy.revision());
        this.env = env;
    }

    List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        out.add(url());
        out.addAll(proxy());
        out.add(cas());
        out.add(pins());
        out.add(clientCertificate());
        out.add(mode());
        return out;
    }

    private Setting url() {
        String value = c.hosts().stream().map(URI::toString).reduce((a, b) -> a + ", " + b).orElse(NONE);
        if (c.hostsFromPolicy()) {
            return new Setting("url", value, revision, "a policy's non-empty fleet.hosts replaces the enroll-time --url");
        }
        return new Setting("url", value, enrolled(SettingOrigins.URL), setAt(SettingOrigins.URL) + "; no policy has sent fleet.hosts");
    }

    private List<Setting> proxy() {
        String headers = redacted(c.proxy().headers());
        if (c.proxy().disabled()) {
            String source = c.proxySource() == ProxySource.POLICY ? revision : enrolled(SettingOrigins.PROXY_DISABLE);
            String rule = c.proxySource() == ProxySource.POLICY ? "the policy says fleet.proxy_disable: true: no proxy, environment ignored"
                    : byCommand(SettingOrigins.PROXY_DISABLE) ? setAt(SettingOrigins.PROXY_DISABLE)
                    + ": no proxy, environment ignored; no policy has sent a proxy_url since"
                    : "--proxy-disabled at enrollment: no proxy, environment ignored; no policy has sent a proxy_url since";
            return List.of(new Setting("proxy", "disabled", source, rule), new Setting("proxy_headers", NONE, source, rule));
        }
        if (c.proxy().url() != null) {
            if (c.proxySource() == ProxySource.POLICY) {
                String rule = "a policy's non-empty fleet.proxy_url replaces the enroll-time proxy, with its proxy_headers";
                return List.of(new Setting("proxy", shown(c.proxy().url().toString()), revision, rule),
                        new Setting("proxy_headers", headers, revision, rule));
            }
            String rule = pf == null ? setAt(SettingOrigins.PROXY_URL) + "; no policy applied yet"
                    : setAt(SettingOrigins.PROXY_URL) + "; " + revision + " has no fleet.proxy_url, and a policy without one keeps the enroll-time proxy";
            return List.of(new Setting("proxy", shown(c.proxy().url().toString()), enrolled(SettingOrigins.PROXY_URL), rule),
                    new Setting("proxy_headers", headers, origins.of(SettingOrigins.PROXY_HEADERS).isPresent()
                            ? enrolled(SettingOrigins.PROXY_HEADERS) : "default", rule));
        }
        if (origins.of(SettingOrigins.PROXY_URL).isPresent() && pf != null) {
            String rule = "removed by " + revision + ": the enroll-time proxy (" + origins.of(SettingOrigins.PROXY_URL).get().describe()
                    + ") was replaced by a policy's proxy, and a proxy a policy set is dropped when a later policy has none";
            return List.of(new Setting("proxy", environmentProxy(), revision, rule), new Setting("proxy_headers", NONE, revision, rule));
        }
        String rule = "no proxy_url at enrollment nor in any policy: the daemon uses HTTPS_PROXY/HTTP_PROXY/NO_PROXY of its own environment";
        return List.of(new Setting("proxy", environmentProxy(), env.variable().isEmpty() ? "default" : "env " + env.variable(), rule),
                new Setting("proxy_headers", NONE, "default", rule));
    }

    private String environmentProxy() {
        return env.variable().isEmpty() ? NONE + " (environment of this shell has no HTTPS_PROXY)"
                    : shown(env.value()) + " (if the daemon's environment has it too)";
    }

    private Setting cas() {
        TlsSettings t = c.tls();
        String value = t.certificateAuthorities().isEmpty() ? "the system's trusted CAs" : String.join(", ", t.certificateAuthorities());
        List<String> fromPolicy = pf == null || pf.ssl() == null || pf.ssl().certificate_authorities() == null
                ? List.of() : pf.ssl().certificate_authorities();
        if (!fromPolicy.isEmpty() && fromPolicy.equals(t.certificateAuthorities())) {
            return new Setting("certificate_authorities", value, revision,
                    "a policy's non-empty fleet.ssl.certificate_authorities replaces the enroll-time CAs");
        }
        if (t.certificateAuthorities().isEmpty()) {
            return new Setting("certificate_authorities", value, "default", "no CA at enrollment nor in the policy");
        }
        return new Setting("certificate_authorities", value, enrolled(SettingOrigins.CAS),
                setAt(SettingOrigins.CAS) + "; no policy has sent fleet.ssl.certificate_authorities");
    }

    private Setting pins() {
        List<Pin> pins = c.tls().caSha256();
        if (pins.isEmpty()) {
            return new Setting("ca_sha256", NONE, "default", "no pin at enrollment; policies do not carry pins");
        }
        return new Setting("ca_sha256", String.join(", ", pins.stream().map(Pin::base64).toList()), enrolled(SettingOrigins.PINS),
                "set at enrollment; policies do not carry pins");
    }

    private Setting clientCertificate() {
        String cert = c.tls().certificate();
        String value = cert == null ? NONE : cert + (c.tls().key() == null ? "" : " (key " + c.tls().key() + ")");
        String fromPolicy = pf == null || pf.ssl() == null ? null : pf.ssl().certificate();
        if (cert != null && cert.equals(fromPolicy)) {
            return new Setting("client_certificate", value, revision,
                    "a policy's non-empty fleet.ssl.certificate replaces the enroll-time certificate, key and passphrase together");
        }
        if (cert == null) {
            return new Setting("client_certificate", value, "default", "no client certificate at enrollment nor in the policy");
        }
        return new Setting("client_certificate", value, enrolled(SettingOrigins.CERT),
                setAt(SettingOrigins.CERT) + "; no policy has sent fleet.ssl.certificate");
    }

    private Setting mode() {
        String value = c.tls().verificationMode().configName();
        String fromPolicy = pf == null || pf.ssl() == null ? null : pf.ssl().verification_mode();
        if (fromPolicy != null && fromPolicy.equalsIgnoreCase(value)) {
            return new Setting("verification_mode", value, revision, "a policy's fleet.ssl.verification_mode replaces the enroll-time mode");
        }
        if (origins.of(SettingOrigins.MODE).isEmpty() && "full".equals(value)) {
            return new Setting("verification_mode", value, "default", "full (chain and hostname) unless --insecure or --verification-mode");
        }
        return new Setting("verification_mode", value, enrolled(SettingOrigins.MODE), "set at enrollment; no policy has sent fleet.ssl.verification_mode");
    }

    /** The recorded origin of a setting, for the source column. */
    private String enrolled(String setting) {
        return origins.of(setting).map(o -> switch (o.kind()) {
            case FLAG -> "flag " + o.name();
            case ENV -> "env " + o.name();
            case COMMAND -> "command " + o.name();
        }).orElse("enrollment (origin not recorded)");
    }

    private boolean byCommand(String setting) {
        return origins.of(setting).filter(o -> o.kind() == SettingOrigins.Kind.COMMAND).isPresent();
    }

    /** When a setting was made: at enrollment, or by a {@code fleet set-…} command since. */
    private String setAt(String setting) {
        return byCommand(setting) ? "set by " + origins.of(setting).get().describe() : "set at enrollment";
    }

    /** A URL with its user information (proxy credentials) hidden. */
    static String shown(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), "<REDACTED>", u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return url;
        }
    }

    /** Header names with their values hidden: they often carry credentials. */
    static String redacted(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return NONE;
        }
        return String.join(", ", headers.keySet().stream().sorted().map(k -> k + ": <REDACTED>").toList());
    }

    /**
     * The proxy variable of the environment {@code inspect} runs in, as a hint of what the daemon would use.
     *
     * @param variable the name of the variable that is set ({@code HTTPS_PROXY} ...), or ""
     * @param value    its value
     */
    record ProxyEnvironment(String variable, String value) {
        static ProxyEnvironment of(Map<String, String> env) {
            for (String n : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")) {
                String v = env.get(n);
                if (v != null && !v.isEmpty()) {
                    return new ProxyEnvironment(n, v);
                }
            }
            return new ProxyEnvironment("", "");
        }
    }
}
