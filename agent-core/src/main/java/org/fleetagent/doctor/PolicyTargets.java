package org.fleetagent.doctor;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetagent.component.Policy;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.daemon.LastPolicy;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.Pins;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;

/**
 * The destinations after Fleet that {@code doctor} checks: each Elasticsearch output of the policy the daemon last
 * applied, and the artifact source ({@code agent.download}), with the URL, proxy and TLS settings the policy gives
 * them. Before enrolling, or before a first policy, they are lines saying why they are not checked.
 *
 * @param policy  the policy read, as shown: {@code <id> revision <n>}, or why there is none; empty when only Fleet is checked
 * @param targets the destinations in order, each a walk or a line saying why it is not checked
 */
public record PolicyTargets(String policy, List<Target> targets) {
    /** The real agent's artifact source when neither the policy nor enrollment sets one. */
    static final String DEFAULT_SOURCE = "https://artifacts.elastic.co/downloads/";

    /** What the last hop asks: the Elasticsearch root, or a HEAD of the artifact source. */
    enum Kind { ELASTICSEARCH, ARTIFACTS }

    /**
     * One destination.
     *
     * @param fingerprint an output's {@code ca_trusted_fingerprint} (hex of the SHA-256 of a CA certificate), or null
     * @param skip        when not null, the line shown instead of a walk
     */
    record Target(Peer peer, Kind kind, URI url, TransportSettings transport, String fingerprint, Hop skip) {
    }

    public PolicyTargets {
        targets = List.copyOf(targets);
    }

    /** Only Fleet is checked (a probe of new Fleet settings). */
    public static PolicyTargets none() {
        return new PolicyTargets("", List.of());
    }

    /** Doctor with enroll flags: there is no policy to read the outputs from. */
    public static PolicyTargets notEnrolled() {
        return new PolicyTargets("none: not enrolled", List.of(skipped("output", "skipped: not enrolled, no policy yet"),
                skipped("downloads", "skipped: not enrolled, no policy yet")));
    }

    /** The destinations of the policy the enrolled agent at {@code paths} last applied. */
    public static PolicyTargets installed(AgentPaths paths, Duration connectTimeout) {
        LastPolicy last = new LastPolicy(paths);
        Policy policy;
        try {
            policy = last.read();
        } catch (IOException | RuntimeException e) {
            String why = "skipped: the applied policy in " + last.file() + " cannot be read (" + e.getMessage() + ")";
            return new PolicyTargets("unreadable", List.of(skipped("output", why), skipped("downloads", why)));
        }
        if (policy == null) {
            String why = "skipped: no policy received from Fleet yet (run the agent, then doctor again)";
            return new PolicyTargets("none received yet", List.of(skipped("output", why), skipped("downloads", why)));
        }
        Map<String, Object> enrolledDownload = Map.of();
        try {
            FleetConfig config = new FleetConfigStore(paths).read();
            Object d = config.agent() == null ? null : config.agent().other().get("download");
            enrolledDownload = YamlCodec.asMap(d).orElse(Map.of());
        } catch (RuntimeException e) {
            // fleet.enc was read for the Fleet hops already; without its download block the policy's or the default applies
        }
        return of(policy, enrolledDownload, connectTimeout);
    }

    /** The destinations of {@code policy}; {@code enrolledDownload} is fleet.enc's {@code agent.download} (from --staging). */
    static PolicyTargets of(Policy policy, Map<String, Object> enrolledDownload, Duration connectTimeout) {
        List<Target> out = new ArrayList<>();
        policy.outputs().forEach((name, o) -> {
            Peer peer = Peer.output(name);
            if (!"elasticsearch".equals(o.type())) {
                out.add(skipped("output." + name, "skipped: an output of type " + o.type() + "; doctor checks Elasticsearch outputs"));
                return;
            }
            List<?> hosts = o.config().get("hosts") instanceof List<?> l ? l : List.of();
            if (hosts.isEmpty()) {
                out.add(new Target(peer, Kind.ELASTICSEARCH, null, null, null, Hop.failed("output." + name, org.fleetagent.errors.ExitCode.FAILURE,
                        "the output has no hosts", "set the output's hosts in Fleet")));
                return;
            }
            out.add(target(peer, Kind.ELASTICSEARCH, esUrl(String.valueOf(hosts.getFirst())), o.config(), connectTimeout));
        });
        Map<String, Object> agent = YamlCodec.asMap(policy.document().get("agent")).orElse(Map.of());
        Map<String, Object> download = YamlCodec.asMap(agent.get("download")).orElse(Map.of());
        Object source = download.get("sourceURI") != null ? download.get("sourceURI")
                : enrolledDownload.get("sourceURI") != null ? enrolledDownload.get("sourceURI") : DEFAULT_SOURCE;
        out.add(target(Peer.DOWNLOADS, Kind.ARTIFACTS, String.valueOf(source), download, connectTimeout));
        return new PolicyTargets((policy.id() == null ? "" : policy.id() + " ") + "revision " + (policy.revision() == null ? "?" : policy.revision())
                + " (the last applied)", out);
    }

    /** An Elasticsearch host as outputs take it: {@code host:port} means http, no port means 9200. */
    static String esUrl(String host) {
        String url = host.contains("://") ? host : "http://" + host;
        URI u = URI.create(url);
        return u.getPort() > 0 ? url : u.getScheme() + "://" + u.getHost() + ":9200" + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    private static Target target(Peer peer, Kind kind, String url, Map<String, Object> block, Duration connectTimeout) {
        try {
            Map<String, Object> ssl = YamlCodec.asMap(block.get("ssl")).orElse(Map.of());
            List<Pin> pins = strings(ssl.get("ca_sha256")).stream().map(Pin::parse).toList();
            Object mode = ssl.get("verification_mode");
            TlsSettings tls = new TlsSettings(strings(ssl.get("certificate_authorities")), pins,
                    mode == null ? VerificationMode.FULL : VerificationMode.parse(String.valueOf(mode)),
                    str(ssl.get("certificate")), str(ssl.get("key")), null);
            Object fp = block.get("ca_trusted_fingerprint") != null ? block.get("ca_trusted_fingerprint") : ssl.get("ca_trusted_fingerprint");
            ProxySettings proxy = Boolean.TRUE.equals(block.get("proxy_disable")) ? new ProxySettings(null, Map.of(), true, null)
                    : block.get("proxy_url") != null ? new ProxySettings(URI.create(String.valueOf(block.get("proxy_url"))), headers(block), false, null)
                    : new ProxySettings(null, headers(block), false, null);
            return new Target(peer, kind, URI.create(url), new TransportSettings(tls, proxy, Duration.ofSeconds(2), connectTimeout),
                    fp == null ? null : Pins.caFingerprintHex(String.valueOf(fp)), null);
        } catch (RuntimeException e) {
            return new Target(peer, kind, null, null, null, Hop.failed(peer.prefix() + "settings", org.fleetagent.errors.ExitCode.FAILURE,
                    "the policy's settings of " + peer.name() + " are unusable: " + e.getMessage(), "fix them in Fleet"));
        }
    }

    private static Target skipped(String name, String why) {
        return new Target(null, null, null, null, null, Hop.skipped(name, why));
    }

    private static Map<String, String> headers(Map<String, Object> block) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        YamlCodec.asMap(block.get("proxy_headers")).orElse(Map.of()).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : o == null ? List.of() : List.of(String.valueOf(o));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
