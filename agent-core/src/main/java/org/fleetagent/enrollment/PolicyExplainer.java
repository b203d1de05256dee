package org.fleetagent.enrollment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.Policy;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.enrollment.Explanation.Destination;
import org.fleetagent.enrollment.Explanation.Setting;

/**
 * Explains the destinations only a policy configures: each output (enroll-time flags never apply to them) and the
 * artifact downloads ({@code agent.download}, where {@code --staging} may have put a source at enrollment).
 */
final class PolicyExplainer {
    /** The real agent's default artifact source. */
    static final String DEFAULT_SOURCE = "https://artifacts.elastic.co/downloads/";

    private final Policy policy;
    private final String revision;

    /** @param policy the last applied policy, or null */
    PolicyExplainer(Policy policy) {
        this.policy = policy;
        this.revision = policy == null ? "" : "policy revision " + (policy.revision() == null ? "?" : policy.revision());
    }

    List<Destination> outputs() {
        List<Destination> out = new ArrayList<>();
        if (policy == null) {
            return out;
        }
        policy.outputs().forEach((name, o) -> out.add(new Destination("output " + name,
                transport(o.config(), "outputs." + name, "hosts", "the output's hosts from the policy"))));
        return out;
    }

    /** @param enrolledDownload {@code agent.download} of fleet.enc (from {@code --staging}), or an empty map */
    Destination downloads(Map<String, Object> enrolledDownload) {
        Map<String, Object> fromPolicy = map(map(policy == null ? Map.of() : policy.document()).get("agent"));
        Map<String, Object> download = map(fromPolicy.get("download"));
        if (download.get("sourceURI") != null) {
            return new Destination("downloads", transport(download, "agent.download", "sourceURI",
                    "a policy's agent.download.sourceURI wins over the enroll-time one and the default"));
        }
        List<Setting> settings = new ArrayList<>();
        if (enrolledDownload.get("sourceURI") != null) {
            settings.add(new Setting("url", String.valueOf(enrolledDownload.get("sourceURI")), "flag --staging",
                    "set at enrollment; no policy has sent agent.download.sourceURI"));
        } else {
            settings.add(new Setting("url", DEFAULT_SOURCE, "default", "no agent.download.sourceURI at enrollment nor in the policy"));
        }
        List<Setting> rest = transport(download, "agent.download", "sourceURI", "");
        settings.addAll(rest.subList(1, rest.size()));
        return new Destination("downloads", settings);
    }

    /** The URL, proxy and TLS settings of one policy block ({@code urlKey} names its URL or hosts). */
    private List<Setting> transport(Map<String, Object> block, String where, String urlKey, String urlRule) {
        List<Setting> out = new ArrayList<>();
        out.add(fromPolicy("url", block.get(urlKey), where + "." + urlKey, urlRule, FleetExplainer.NONE, ""));
        if (Boolean.TRUE.equals(block.get("proxy_disable"))) {
            out.add(new Setting("proxy", "disabled", revision, where + ".proxy_disable: true: no proxy, environment ignored"));
        } else {
            Object proxy = block.get("proxy_url");
            out.add(fromPolicy("proxy", proxy == null ? null : FleetExplainer.shown(String.valueOf(proxy)), where + ".proxy_url",
                    "a proxy_url in the policy is used as it is, the environment ignored",
                    "(none) (HTTPS_PROXY/HTTP_PROXY/NO_PROXY of the component's environment)",
                    "no proxy_url in the policy: the environment's proxy variables apply"));
        }
        out.add(new Setting("proxy_headers", FleetExplainer.redacted(stringMap(block.get("proxy_headers"))),
                block.get("proxy_headers") == null ? "default" : revision + " (" + where + ".proxy_headers)", "sent with CONNECT to the proxy"));
        Map<String, Object> ssl = map(block.get("ssl"));
        out.add(fromPolicy("certificate_authorities", list(ssl.get("certificate_authorities")), where + ".ssl.certificate_authorities",
                "the policy's CAs", "the system's trusted CAs", "no CA in the policy"));
        Object pins = ssl.get("ca_sha256") != null ? list(ssl.get("ca_sha256")) : ssl.get("ca_trusted_fingerprint");
        out.add(fromPolicy("ca_sha256", pins, where + ".ssl." + (ssl.get("ca_sha256") != null ? "ca_sha256" : "ca_trusted_fingerprint"),
                "the policy's pin", FleetExplainer.NONE, "no pin in the policy"));
        out.add(fromPolicy("client_certificate", ssl.get("certificate"), where + ".ssl.certificate", "the policy's client certificate",
                FleetExplainer.NONE, "no client certificate in the policy"));
        out.add(fromPolicy("verification_mode", ssl.get("verification_mode"), where + ".ssl.verification_mode",
                "the policy's verification mode", "full", "full (chain and hostname) unless the policy says otherwise"));
        return out;
    }

    private Setting fromPolicy(String name, Object value, String key, String rule, String dflt, String dfltRule) {
        if (value == null || value instanceof List<?> l && l.isEmpty()) {
            return new Setting(name, dflt, "default", dfltRule);
        }
        String shown = value instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : String.valueOf(value);
        return new Setting(name, shown, revision + " (" + key + ")", rule);
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : o == null ? null : List.of(o);
    }

    private static Map<String, Object> map(Object o) {
        return YamlCodec.asMap(o).orElse(Map.of());
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        map(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
