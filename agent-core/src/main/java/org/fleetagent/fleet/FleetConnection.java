package org.fleetagent.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.fleetagent.config.GoDuration;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;

/**
 * How the agent reaches Fleet: the {@code fleet} connection keys of fleet.enc as one value (hosts, headers, TLS,
 * proxy); {@code store.FleetConfigCodec} reads and writes them under the real agent's key names.
 *
 * <p>Proxy provenance is kept ({@code proxy_source}) so that policy changes follow a rule users asked for: a proxy
 * given on the command line survives a policy that has none (user-pains row 1), while a proxy that a policy set is
 * removed when a later policy no longer has it, or when a policy says {@code proxy_disable: true} (row 2). The real
 * agent can never remove a proxy that came from a policy.
 *
 * @param hosts           the Fleet Server URLs, in the order to try them
 * @param headers         headers for every request to Fleet
 * @param tls             TLS settings of the connection
 * @param proxy           proxy settings (URL, CONNECT headers, disabled)
 * @param proxySource     where the proxy came from
 * @param hostsFromPolicy whether the hosts were set by a policy (then written as {@code hosts}, as the real agent does)
 */
public record FleetConnection(List<URI> hosts, Map<String, String> headers, TlsSettings tls, ProxySettings proxy,
                              ProxySource proxySource, boolean hostsFromPolicy) {

    /** Where the current proxy setting came from. */
    public enum ProxySource { NONE, CLI, POLICY }

    public FleetConnection {
        hosts = List.copyOf(hosts);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Objects.requireNonNull(tls);
        Objects.requireNonNull(proxy);
    }

    /** The first host: where requests go first. */
    public URI primary() {
        return hosts.get(0);
    }

    /** Whether TLS verification is off ({@code verification_mode: none}). */
    public boolean insecure() {
        return tls.verificationMode() == VerificationMode.NONE;
    }

    /**
     * The connection a policy's {@code fleet} section asks for: its hosts when non-empty; its proxy when non-empty,
     * no proxy when it says {@code proxy_disable: true} or when the current proxy came from a policy that no longer
     * has one, else the current proxy; its CAs when non-empty; its client certificate, key and passphrase as one unit
     * when the certificate is non-empty (user-pains row 10).
     */
    public FleetConnection withPolicy(Map<String, Object> policyFleet) {
        List<URI> newHosts = hosts;
        boolean newFromPolicy = hostsFromPolicy;
        if (policyFleet.get("hosts") instanceof List<?> list && !list.isEmpty()) {
            List<URI> h = new ArrayList<>();
            list.forEach(x -> h.add(URI.create(String.valueOf(x))));
            newHosts = h;
            newFromPolicy = true;
        }
        ProxySettings newProxy = proxy;
        ProxySource newSource = proxySource;
        String policyProxy = str(policyFleet.get("proxy_url"), "");
        if (!policyProxy.isEmpty()) {
            newProxy = new ProxySettings(URI.create(policyProxy), stringMap(policyFleet.get("proxy_headers")), false, proxy.proxyTls());
            newSource = ProxySource.POLICY;
        } else if (Boolean.TRUE.equals(policyFleet.get("proxy_disable"))) {
            newProxy = new ProxySettings(null, Map.of(), true, proxy.proxyTls());
            newSource = ProxySource.POLICY;
        } else if (proxySource == ProxySource.POLICY) {
            newProxy = new ProxySettings(null, Map.of(), false, proxy.proxyTls());
            newSource = ProxySource.NONE;
        }
        TlsSettings newTls = tls;
        Map<String, Object> ssl = map(policyFleet.get("ssl"));
        if (!ssl.isEmpty()) {
            List<String> cas = strings(ssl.get("certificate_authorities"));
            String cert = str(ssl.get("certificate"), "");
            String passphrase = str(ssl.get("key_passphrase_path"), null);
            newTls = new TlsSettings(cas.isEmpty() ? tls.certificateAuthorities() : cas, tls.caSha256(),
                    ssl.containsKey("verification_mode") ? mode(str(ssl.get("verification_mode"), "full")) : tls.verificationMode(),
                    cert.isEmpty() ? tls.certificate() : cert,
                    cert.isEmpty() ? tls.key() : str(ssl.get("key"), null),
                    cert.isEmpty() ? tls.keyPassphrasePath() : passphrase == null ? null : Path.of(passphrase));
        }
        return new FleetConnection(newHosts, headers, newTls, newProxy, newSource, newFromPolicy);
    }

    private static VerificationMode mode(String s) {
        return VerificationMode.valueOf(s.toUpperCase(Locale.ROOT));
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
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
