package org.fleetagent.cli;

import static org.fleetagent.cli.FlagValues.given;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fleetagent.bootstrap.FleetServerOptions;
import org.fleetagent.tls.Pins;
import picocli.CommandLine.Option;

/** The {@code --fleet-server-*} flags: bootstrap a Fleet Server here, connected to Elasticsearch, and enroll into it. */
public final class FleetServerBootstrapOptions {
    @Option(names = "--fleet-server-es", order = 26, paramLabel = "<url>[,<url>...]", description = "Start and run a Fleet Server along side this Elastic Agent connecting to the provided elasticsearch (several nodes comma-separated: Fleet Server uses the first that answers).")
    String es;

    @Option(names = "--fleet-server-es-ca", order = 27, paramLabel = "<path>", description = "Path to certificate authority for Fleet Server to use to communicate with elasticsearch.")
    String esCa;

    @Option(names = "--fleet-server-es-ca-trusted-fingerprint", order = 28, paramLabel = "<hex>", description = "Elasticsearch certificate authority's SHA256 fingerprint.")
    String esCaFingerprint;

    @Option(names = "--fleet-server-es-insecure", order = 29, description = "Disables validation of certificates.")
    boolean esInsecure;

    @Option(names = "--fleet-server-es-cert", order = 30, paramLabel = "<path>", description = "Client certificate for Fleet Server to use when connecting to Elasticsearch.")
    String esCert;

    @Option(names = "--fleet-server-es-cert-key", order = 31, paramLabel = "<path>", description = "Private key for Fleet Server to use when connecting to Elasticsearch.")
    String esCertKey;

    @Option(names = "--fleet-server-service-token", order = 32, paramLabel = "<token>", description = "Service token to use for communication with elasticsearch.")
    String serviceToken;

    @Option(names = "--fleet-server-service-token-path", order = 33, paramLabel = "<path>", description = "Filepath for service token secret file to use for communication with elasticsearch.")
    String serviceTokenPath;

    @Option(names = "--fleet-server-policy", order = 34, paramLabel = "<id>", description = "Start and run a Fleet Server on this specific policy.")
    String policy;

    @Option(names = "--fleet-server-host", order = 35, paramLabel = "<host>", description = "Fleet Server HTTP binding host (overrides the policy).")
    String host;

    @Option(names = "--fleet-server-port", order = 36, paramLabel = "<port>", defaultValue = "0", description = "Fleet Server HTTP binding port (overrides the policy).")
    int port;

    @Option(names = "--fleet-server-cert", order = 37, paramLabel = "<path>", description = "Certificate to use for exposed Fleet Server HTTPS endpoint.")
    String cert;

    @Option(names = "--fleet-server-cert-key", order = 38, paramLabel = "<path>", description = "Private key to use for exposed Fleet Server HTTPS endpoint.")
    String certKey;

    @Option(names = "--fleet-server-cert-key-passphrase", order = 39, paramLabel = "<path>", description = "Path for private key passphrase file used to decrypt certificate key.")
    String certKeyPassphrase;

    @Option(names = "--fleet-server-client-auth", order = 40, paramLabel = "<mode>", defaultValue = "none",
            description = "Fleet Server client authentication for mTLS: none, optional or required (default: ${DEFAULT-VALUE}).")
    String clientAuth = "none";

    @Option(names = "--fleet-server-insecure-http", order = 41, description = "Expose Fleet Server over HTTP (not recommended; insecure).")
    boolean insecureHttp;

    /** Whether a Fleet Server is to be bootstrapped. */
    boolean requested() {
        return given(es);
    }

    /** The checks that hold whether or not a bootstrap is requested. */
    void validate(Usage u) {
        for (String[] f : new String[][] {{"--fleet-server-es-ca", esCa}, {"--fleet-server-es-cert", esCert},
                {"--fleet-server-es-cert-key", esCertKey}, {"--fleet-server-service-token-path", serviceTokenPath},
                {"--fleet-server-cert", cert}, {"--fleet-server-cert-key", certKey}, {"--fleet-server-cert-key-passphrase", certKeyPassphrase}}) {
            FlagValues.requireAbsolute(u, f[0], f[1]);
        }
        if (serviceToken != null && serviceTokenPath != null) {
            throw u.error("--fleet-server-service-token and --fleet-server-service-token-path are mutually exclusive: give one");
        }
        if (!Set.of("none", "optional", "required").contains(clientAuth.toLowerCase(Locale.ROOT))) {
            throw u.error("--fleet-server-client-auth must be none, optional or required (got \"" + clientAuth + "\")");
        }
        FlagValues.requirePair(u, "--fleet-server-cert", cert, "--fleet-server-cert-key", certKey);
        if (port < 0 || port > 65535) {
            throw u.error("--fleet-server-port must be between 0 and 65535 (got " + port + ")");
        }
    }

    /** The checks of a requested bootstrap; normalises the fingerprint to the hex fleet-server wants (and says so). */
    void validateBootstrap(Usage u) {
        esUrls(u);
        if (!given(serviceToken) && !given(serviceTokenPath)) {
            throw u.error("bootstrapping Fleet Server needs an Elasticsearch service token: pass --fleet-server-service-token"
                    + " or --fleet-server-service-token-path");
        }
        if (esCaFingerprint != null) {
            try {
                String hex = Pins.caFingerprintHex(esCaFingerprint);
                if (!hex.equals(esCaFingerprint)) {
                    u.note("Note: --fleet-server-es-ca-trusted-fingerprint read as " + hex
                            + " (the hex SHA-256 of the Elasticsearch CA certificate, as fleet-server wants it)");
                }
                esCaFingerprint = hex;
            } catch (IllegalArgumentException e) {
                throw u.error("--fleet-server-es-ca-trusted-fingerprint " + e.getMessage());
            }
        }
    }

    /** The bootstrap's options; what reaches Elasticsearch goes through the same CAs, headers and proxy as Fleet. */
    FleetServerOptions settings(Usage u, List<String> cas, Map<String, String> headers, ProxyOptions proxy, Duration timeout,
                                Duration daemonTimeout) {
        return new FleetServerOptions(esUrls(u), esCa, esCaFingerprint, esInsecure, esCert, esCertKey, serviceToken, serviceTokenPath,
                policy, host, port, cert, certKey, certKeyPassphrase, clientAuth.toLowerCase(Locale.ROOT), insecureHttp, List.copyOf(cas),
                headers, proxy.url, proxy.headers(), proxy.disabled, timeout, daemonTimeout);
    }

    /**
     * The Elasticsearch nodes of {@code --fleet-server-es}: one URL, or several comma-separated, which share their
     * scheme and path (the bootstrap output has one protocol and path for all its hosts).
     */
    List<URI> esUrls(Usage u) {
        List<URI> urls = new ArrayList<>();
        for (String part : es.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            URI node = FlagValues.parseUri(u, "--fleet-server-es", part);
            if (node.getScheme() == null || !Set.of("http", "https").contains(node.getScheme()) || node.getHost() == null) {
                throw u.error("--fleet-server-es must be an http:// or https:// URL with a host, such as https://es.example:9200"
                        + " (several comma-separated; got \"" + FlagValues.redactUserInfo(part.trim()) + "\")");
            }
            if (!urls.isEmpty() && (!urls.get(0).getScheme().equals(node.getScheme())
                    || !Objects.equals(normalPath(urls.get(0)), normalPath(node)))) {
                throw u.error("--fleet-server-es: all Elasticsearch URLs need the same scheme and path ("
                        + FlagValues.redactUserInfo(urls.get(0).toString()) + " and " + FlagValues.redactUserInfo(node.toString())
                        + " differ): Fleet Server gives them one protocol and path");
            }
            urls.add(node);
        }
        if (urls.isEmpty()) {
            throw u.error("--fleet-server-es must be an http:// or https:// URL with a host, such as https://es.example:9200");
        }
        return List.copyOf(urls);
    }

    private static String normalPath(URI u) {
        String p = u.getRawPath();
        return p == null || p.isEmpty() || p.equals("/") ? "" : p;
    }
}
