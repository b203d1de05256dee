package org.fleetagent.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
    public FleetConnection withPolicy(PolicyFleet policyFleet) {
        List<URI> newHosts = hosts;
        boolean newFromPolicy = hostsFromPolicy;
        if (policyFleet.hosts() != null && !policyFleet.hosts().isEmpty()) {
            newHosts = policyFleet.hosts().stream().map(URI::create).toList();
            newFromPolicy = true;
        }
        ProxySettings newProxy = proxy;
        ProxySource newSource = proxySource;
        String policyProxy = str(policyFleet.proxy_url(), "");
        if (!policyProxy.isEmpty()) {
            Map<String, String> proxyHeaders = policyFleet.proxy_headers() == null ? Map.of() : policyFleet.proxy_headers();
            newProxy = new ProxySettings(URI.create(policyProxy), new LinkedHashMap<>(proxyHeaders), false, proxy.proxyTls());
            newSource = ProxySource.POLICY;
        } else if (Boolean.TRUE.equals(policyFleet.proxy_disable())) {
            newProxy = new ProxySettings(null, Map.of(), true, proxy.proxyTls());
            newSource = ProxySource.POLICY;
        } else if (proxySource == ProxySource.POLICY) {
            newProxy = new ProxySettings(null, Map.of(), false, proxy.proxyTls());
            newSource = ProxySource.NONE;
        }
        TlsSettings newTls = policyFleet.ssl() == null ? tls : withPolicyTls(policyFleet.ssl());
        return new FleetConnection(newHosts, headers, newTls, newProxy, newSource, newFromPolicy);
    }

    private TlsSettings withPolicyTls(PolicyFleet.Ssl ssl) {
        List<String> cas = ssl.certificate_authorities() == null ? List.of() : ssl.certificate_authorities();
        String cert = str(ssl.certificate(), "");
        String passphrase = ssl.key_passphrase_path();
        return new TlsSettings(cas.isEmpty() ? tls.certificateAuthorities() : cas, tls.caSha256(),
                ssl.verification_mode() != null ? mode(ssl.verification_mode()) : tls.verificationMode(),
                cert.isEmpty() ? tls.certificate() : cert,
                cert.isEmpty() ? tls.key() : ssl.key(),
                cert.isEmpty() ? tls.keyPassphrasePath() : passphrase == null ? null : Path.of(passphrase));
    }

    private static VerificationMode mode(String s) {
        return VerificationMode.valueOf(s.toUpperCase(Locale.ROOT));
    }

    private static String str(String s, String dflt) {
        return s == null ? dflt : s;
    }
}
