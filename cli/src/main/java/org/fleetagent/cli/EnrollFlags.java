package org.fleetagent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The enroll flags shared by {@code enroll} and {@code install}: the real agent's complete set with the same
 * long and short names, defaults and validation (reference/elastic-agent.md §1.1).
 */
public final class EnrollFlags {
    /** Environment variable read when {@code --enrollment-token} is not given, so the token stays out of argv. */
    public static final String TOKEN_ENV = "FLEET_ENROLLMENT_TOKEN";

    // --- Fleet connection
    @Option(names = "--url", paramLabel = "<url>", description = "URL to enroll the agent into Fleet Server.")
    String url;

    @Option(names = {"-t", "--enrollment-token"}, paramLabel = "<token>",
            description = "Enrollment token to use to enroll the agent into Fleet (or the " + TOKEN_ENV
                    + " environment variable, which keeps it out of the process list).")
    String enrollmentToken;

    @Option(names = "--id", paramLabel = "<id>", description = "Agent ID to use for enrollment.")
    String id;

    @Option(names = "--replace-token", paramLabel = "<token>",
            description = "Replace token to use to replace an agent with the same --id.")
    String replaceToken;

    @Option(names = "--tag", split = ",", paramLabel = "<tag>", description = "User set tags (repeatable or comma separated).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--header", split = ",", paramLabel = "<k=v>",
            description = "Headers used in communication with Fleet (and with Elasticsearch when bootstrapping Fleet Server).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--staging", paramLabel = "<hash>", description = "Configures agent to download artifacts from a staging build.")
    String staging;

    // --- TLS
    @Option(names = {"-a", "--certificate-authorities"}, split = ",", paramLabel = "<path>",
            description = "Comma-separated list of root certificates for server verification used for enrollment.")
    List<String> certificateAuthorities = new ArrayList<>();

    @Option(names = {"-p", "--ca-sha256"}, split = ",", paramLabel = "<pin>",
            description = "Comma-separated list of certificate authority hash pins for server verification used for enrollment.")
    List<String> caSha256 = new ArrayList<>();

    @Option(names = {"-i", "--insecure"}, description = "Allow insecure connection made by the Agent. It's also required to use a Fleet Server on a HTTP endpoint.")
    boolean insecure;

    @Option(names = "--elastic-agent-cert", paramLabel = "<path>", description = "Elastic Agent certificate to use with Fleet Server during mTLS authentication.")
    String agentCert;

    @Option(names = "--elastic-agent-cert-key", paramLabel = "<path>", description = "Elastic Agent certificate key to use with Fleet Server during mTLS authentication.")
    String agentCertKey;

    @Option(names = "--elastic-agent-cert-key-passphrase", paramLabel = "<path>",
            description = "Path to a file containing a passphrase for the Elastic Agent certificate key.")
    String agentCertKeyPassphrase;

    @Option(names = "--verification-mode", paramLabel = "<mode>",
            description = "How Fleet Server's certificate is checked: full (default: chain and host name), strict, certificate (chain only) or none (as --insecure).")
    String verificationMode;

    // --- Proxy
    @Option(names = "--proxy-url", paramLabel = "<url>", description = "Configures the proxy URL (http, https or socks5).")
    String proxyUrl;

    @Option(names = "--proxy-disabled", description = "Disable proxy support including environment variables.")
    boolean proxyDisabled;

    @Option(names = "--proxy-header", split = ",", paramLabel = "<k=v>", description = "Proxy headers used with CONNECT request.")
    List<String> proxyHeaders = new ArrayList<>();

    @Option(names = "--proxy-ca", split = ",", paramLabel = "<path>",
            description = "CAs for the TLS hop to an https:// proxy (default: the --certificate-authorities).")
    List<String> proxyCa = new ArrayList<>();

    @Option(names = "--proxy-cert", paramLabel = "<path>",
            description = "Client certificate for the TLS hop to an https:// proxy (default: --elastic-agent-cert).")
    String proxyCert;

    @Option(names = "--proxy-cert-key", paramLabel = "<path>",
            description = "Key of --proxy-cert (default: --elastic-agent-cert-key).")
    String proxyCertKey;

    @Option(names = "--proxy-cert-key-passphrase", paramLabel = "<path>",
            description = "File holding the passphrase of --proxy-cert-key.")
    String proxyCertKeyPassphrase;

    // --- timing and modes
    @Option(names = "--delay-enroll", description = "Delays enrollment to occur on first start of the Elastic Agent service.")
    boolean delayEnroll;

    @Option(names = "--daemon-timeout", converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "0s",
            description = "Timeout waiting for Elastic Agent daemon.")
    Duration daemonTimeout;

    @Option(names = "--enroll-timeout", converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "10m",
            description = "Timeout waiting for Elastic Agent enroll command. A negative value disables the timeout (default: ${DEFAULT-VALUE}).")
    Duration enrollTimeout;

    @Option(names = "--fleet-server-timeout", converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "0s",
            description = "Timeout waiting for Fleet Server to be ready to start enrollment (0 means 2m, negative means no timeout).")
    Duration fleetServerTimeout;

    @Option(names = "--skip-daemon-reload", hidden = true, description = "Skip daemon reload after enrolling.")
    boolean skipDaemonReload;

    @Option(names = "--checkin-on-state-change", hidden = true, description = "Check in with Fleet on state changes.")
    boolean checkinOnStateChange;

    // --- Fleet Server bootstrap
    @Option(names = "--fleet-server-es", paramLabel = "<url>[,<url>...]", description = "Start and run a Fleet Server along side this Elastic Agent connecting to the provided elasticsearch (several nodes comma-separated: Fleet Server uses the first that answers).")
    String fsEs;

    @Option(names = "--fleet-server-es-ca", paramLabel = "<path>", description = "Path to certificate authority for Fleet Server to use to communicate with elasticsearch.")
    String fsEsCa;

    @Option(names = "--fleet-server-es-ca-trusted-fingerprint", paramLabel = "<hex>", description = "Elasticsearch certificate authority's SHA256 fingerprint.")
    String fsEsCaFingerprint;

    @Option(names = "--fleet-server-es-insecure", description = "Disables validation of certificates.")
    boolean fsEsInsecure;

    @Option(names = "--fleet-server-es-cert", paramLabel = "<path>", description = "Client certificate for Fleet Server to use when connecting to Elasticsearch.")
    String fsEsCert;

    @Option(names = "--fleet-server-es-cert-key", paramLabel = "<path>", description = "Private key for Fleet Server to use when connecting to Elasticsearch.")
    String fsEsCertKey;

    @Option(names = "--fleet-server-service-token", paramLabel = "<token>", description = "Service token to use for communication with elasticsearch.")
    String fsServiceToken;

    @Option(names = "--fleet-server-service-token-path", paramLabel = "<path>", description = "Filepath for service token secret file to use for communication with elasticsearch.")
    String fsServiceTokenPath;

    @Option(names = "--fleet-server-policy", paramLabel = "<id>", description = "Start and run a Fleet Server on this specific policy.")
    String fsPolicy;

    @Option(names = "--fleet-server-host", paramLabel = "<host>", description = "Fleet Server HTTP binding host (overrides the policy).")
    String fsHost;

    @Option(names = "--fleet-server-port", paramLabel = "<port>", defaultValue = "0", description = "Fleet Server HTTP binding port (overrides the policy).")
    int fsPort;

    @Option(names = "--fleet-server-cert", paramLabel = "<path>", description = "Certificate to use for exposed Fleet Server HTTPS endpoint.")
    String fsCert;

    @Option(names = "--fleet-server-cert-key", paramLabel = "<path>", description = "Private key to use for exposed Fleet Server HTTPS endpoint.")
    String fsCertKey;

    @Option(names = "--fleet-server-cert-key-passphrase", paramLabel = "<path>", description = "Path for private key passphrase file used to decrypt certificate key.")
    String fsCertKeyPassphrase;

    @Option(names = "--fleet-server-client-auth", paramLabel = "<mode>", defaultValue = "none",
            description = "Fleet Server client authentication for mTLS: none, optional or required (default: ${DEFAULT-VALUE}).")
    String fsClientAuth;

    @Option(names = "--fleet-server-insecure-http", description = "Expose Fleet Server over HTTP (not recommended; insecure).")
    boolean fsInsecureHttp;

    /** Whether any Fleet Server bootstrap flag was given. */
    boolean bootstrapsFleetServer() {
        return fsEs != null && !fsEs.isEmpty();
    }

    /**
     * The real agent's validation ({@code validateEnrollFlags} and {@code doEnroll}), and the checks it lacked.
     * Each problem is one usage error naming the flag and the fix.
     */
    void validate(CommandSpec spec, Map<String, String> env) {
        validate(spec, env, true);
    }

    /** @param requireFleet false for install, where no --url and no token means a standalone install */
    void validate(CommandSpec spec, Map<String, String> env, boolean requireFleet) {
        requireAbsoluteOrPem(spec, "--certificate-authorities", certificateAuthorities);
        requireAbsolute(spec, "--fleet-server-es-ca", fsEsCa);
        requireAbsolute(spec, "--fleet-server-es-cert", fsEsCert);
        requireAbsolute(spec, "--fleet-server-es-cert-key", fsEsCertKey);
        requireAbsolute(spec, "--fleet-server-service-token-path", fsServiceTokenPath);
        requireAbsolute(spec, "--fleet-server-cert", fsCert);
        requireAbsolute(spec, "--fleet-server-cert-key", fsCertKey);
        requireAbsolute(spec, "--fleet-server-cert-key-passphrase", fsCertKeyPassphrase);
        requireAbsoluteOrPem(spec, "--elastic-agent-cert", agentCert == null ? List.of() : List.of(agentCert));
        requireAbsoluteOrPem(spec, "--elastic-agent-cert-key", agentCertKey == null ? List.of() : List.of(agentCertKey));
        requireAbsolute(spec, "--elastic-agent-cert-key-passphrase", agentCertKeyPassphrase);
        requireAbsoluteOrPem(spec, "--proxy-ca", proxyCa);
        requireAbsoluteOrPem(spec, "--proxy-cert", proxyCert == null ? List.of() : List.of(proxyCert));
        requireAbsoluteOrPem(spec, "--proxy-cert-key", proxyCertKey == null ? List.of() : List.of(proxyCertKey));
        requireAbsolute(spec, "--proxy-cert-key-passphrase", proxyCertKeyPassphrase);
        if ((proxyCert == null) != (proxyCertKey == null)) {
            throw usage(spec, "--proxy-cert and --proxy-cert-key go together: give both or neither");
        }
        if (verificationMode != null) {
            try {
                VerificationMode m = VerificationMode.parse(verificationMode);
                if (insecure && m != VerificationMode.NONE) {
                    throw usage(spec, "--insecure turns verification off; it contradicts --verification-mode " + verificationMode);
                }
            } catch (IllegalArgumentException e) {
                throw usage(spec, "--verification-mode " + e.getMessage().replace("verification mode ", ""));
            }
        }
        if (fsServiceToken != null && fsServiceTokenPath != null) {
            throw usage(spec, "--fleet-server-service-token and --fleet-server-service-token-path are mutually exclusive: give one");
        }
        if (!Set.of("none", "optional", "required").contains(fsClientAuth.toLowerCase(Locale.ROOT))) {
            throw usage(spec, "--fleet-server-client-auth must be none, optional or required (got \"" + fsClientAuth + "\")");
        }
        if ((agentCert == null) != (agentCertKey == null)) {
            throw usage(spec, "--elastic-agent-cert and --elastic-agent-cert-key go together: give both or neither");
        }
        if (agentCertKeyPassphrase != null && agentCert == null) {
            throw usage(spec, "--elastic-agent-cert-key-passphrase needs --elastic-agent-cert and --elastic-agent-cert-key");
        }
        if ((fsCert == null) != (fsCertKey == null)) {
            throw usage(spec, "--fleet-server-cert and --fleet-server-cert-key go together: give both or neither");
        }
        if (fsPort < 0 || fsPort > 65535) {
            throw usage(spec, "--fleet-server-port must be between 0 and 65535 (got " + fsPort + ")");
        }
        if (staging != null && !staging.isEmpty() && staging.length() < 8) {
            throw usage(spec, "--staging needs a build hash of at least 8 characters (got \"" + staging + "\")");
        }
        if (delayEnroll && bootstrapsFleetServer()) {
            throw usage(spec, "--delay-enroll cannot be used with --fleet-server-es: Fleet Server must be bootstrapped at enrollment");
        }
        if (proxyDisabled && proxyUrl != null && !proxyUrl.isEmpty()) {
            throw usage(spec, "--proxy-url and --proxy-disabled contradict each other: give one");
        }
        headerMap(spec, "--header", headers);
        headerMap(spec, "--proxy-header", proxyHeaders);
        if (proxyUrl != null && !proxyUrl.isEmpty()) {
            URI p = parseUri(spec, "--proxy-url", proxyUrl);
            String scheme = p.getScheme() == null ? "" : p.getScheme().toLowerCase(Locale.ROOT);
            if (!Set.of("http", "https", "socks5").contains(scheme) || p.getHost() == null) {
                throw usage(spec, "--proxy-url must be an http://, https:// or socks5:// URL with a host, such as http://proxy.example:3128 (got \""
                        + redactUserInfo(proxyUrl) + "\")");
            }
        }
        if (bootstrapsFleetServer()) {
            esUrls(spec);
            if ((fsServiceToken == null || fsServiceToken.isEmpty()) && (fsServiceTokenPath == null || fsServiceTokenPath.isEmpty())) {
                throw usage(spec, "bootstrapping Fleet Server needs an Elasticsearch service token: pass --fleet-server-service-token"
                        + " or --fleet-server-service-token-path");
            }
            if (fsEsCaFingerprint != null) {
                try {
                    String hex = org.fleetagent.tls.Pins.caFingerprintHex(fsEsCaFingerprint);
                    if (!hex.equals(fsEsCaFingerprint)) {
                        spec.commandLine().getErr().println("Note: --fleet-server-es-ca-trusted-fingerprint read as " + hex
                                + " (the hex SHA-256 of the Elasticsearch CA certificate, as fleet-server wants it)");
                    }
                    fsEsCaFingerprint = hex;
                } catch (IllegalArgumentException e) {
                    throw usage(spec, "--fleet-server-es-ca-trusted-fingerprint " + e.getMessage());
                }
            }
            if (fsInsecureHttp && !insecure) {
                throw usage(spec, "--fleet-server-insecure-http exposes Fleet Server over plain HTTP: pass --insecure too to accept that");
            }
            if (fsCert != null && (url == null || url.isEmpty())) {
                throw usage(spec, "--fleet-server-cert needs --url: the URL other agents reach this Fleet Server at, matching the certificate");
            }
            return;
        }
        if (!requireFleet && (url == null || url.isEmpty()) && token(env).isEmpty()) {
            return;
        }
        if (url == null || url.isEmpty()) {
            throw usage(spec, "--url is required: the URL of the Fleet Server to enroll into, such as https://fleet.example:8220");
        }
        URI u = parseUri(spec, "--url", url);
        if (u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme()) || u.getHost() == null) {
            throw usage(spec, "--url must be an http:// or https:// URL with a host, such as https://fleet.example:8220 (got \"" + url + "\")");
        }
        if ("http".equals(u.getScheme()) && !insecure && mode() != VerificationMode.NONE) {
            throw usage(spec, "--url " + url + " is plain HTTP: Fleet traffic would not be encrypted; use an https:// URL, or pass --insecure to accept that");
        }
        if (token(env).isEmpty()) {
            throw usage(spec, "an enrollment token is required: pass --enrollment-token <token> or set " + TOKEN_ENV);
        }
        if (!caSha256.isEmpty() && insecure) {
            throw usage(spec, "--ca-sha256 cannot be combined with --insecure: a pin needs certificate verification");
        }
    }

    /** The Fleet Server options of a bootstrap. */
    org.fleetagent.bootstrap.FleetServerOptions fleetServerOptions(CommandSpec spec) {
        return new org.fleetagent.bootstrap.FleetServerOptions(esUrls(spec), fsEsCa, fsEsCaFingerprint,
                fsEsInsecure, fsEsCert, fsEsCertKey, fsServiceToken, fsServiceTokenPath, fsPolicy, fsHost, fsPort, fsCert, fsCertKey,
                fsCertKeyPassphrase, fsClientAuth.toLowerCase(Locale.ROOT), fsInsecureHttp, List.copyOf(certificateAuthorities),
                headerMap(spec, "--header", headers), proxyUrl, headerMap(spec, "--proxy-header", proxyHeaders), proxyDisabled,
                fleetServerTimeout);
    }

    /** The enrollment part of a bootstrap: the URL is the local Fleet Server's, the token may come from it. */
    EnrollOptions bootstrapEnrollOptions(Map<String, String> env) {
        TlsSettings tls = new TlsSettings(List.of(), List.of(), VerificationMode.CERTIFICATE, agentCert, agentCertKey,
                agentCertKeyPassphrase == null ? null : Path.of(agentCertKeyPassphrase));
        return new EnrollOptions(java.net.URI.create("https://localhost:8221"), token(env), nz(id), nz(replaceToken), cleanTags(tags),
                Map.of(), new TransportSettings(tls, new ProxySettings(null, Map.of(), true, null), Duration.ofMinutes(1), Duration.ofSeconds(10)),
                false, enrollTimeout, nz(staging), checkinOnStateChange);
    }

    String token(Map<String, String> env) {
        if (enrollmentToken != null && !enrollmentToken.isEmpty()) {
            return enrollmentToken;
        }
        String fromEnv = env.get(TOKEN_ENV);
        return fromEnv == null ? "" : fromEnv.trim();
    }

    /** The validated options of a remote enrollment. */
    EnrollOptions toOptions(CommandSpec spec, Map<String, String> env) {
        TlsSettings tls = new TlsSettings(List.copyOf(certificateAuthorities), List.copyOf(caSha256), mode(), agentCert, agentCertKey,
                agentCertKeyPassphrase == null ? null : Path.of(agentCertKeyPassphrase));
        TlsSettings proxyTls = null;
        if (!proxyCa.isEmpty() || proxyCert != null) {
            proxyTls = new TlsSettings(proxyCa.isEmpty() ? tls.certificateAuthorities() : List.copyOf(proxyCa), List.of(),
                    VerificationMode.FULL, proxyCert != null ? proxyCert : agentCert, proxyCert != null ? proxyCertKey : agentCertKey,
                    proxyCert != null ? (proxyCertKeyPassphrase == null ? null : Path.of(proxyCertKeyPassphrase)) : tls.keyPassphrasePath());
        }
        ProxySettings proxy = new ProxySettings(proxyUrl == null || proxyUrl.isEmpty() ? null : parseUri(spec, "--proxy-url", proxyUrl),
                headerMap(spec, "--proxy-header", proxyHeaders), proxyDisabled, proxyTls);
        TransportSettings transport = new TransportSettings(tls, proxy, Duration.ofMinutes(10), Duration.ofSeconds(30));
        return new EnrollOptions(parseUri(spec, "--url", url), token(env), nz(id), nz(replaceToken), cleanTags(tags),
                headerMap(spec, "--header", headers), transport, mode() == VerificationMode.NONE, enrollTimeout, nz(staging),
                checkinOnStateChange);
    }

    /** The verification mode: none with --insecure, else --verification-mode, else full. */
    private VerificationMode mode() {
        if (insecure) {
            return VerificationMode.NONE;
        }
        return verificationMode == null ? VerificationMode.FULL : VerificationMode.parse(verificationMode);
    }

    private static List<String> cleanTags(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : raw) {
            String s = t.trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> headerMap(CommandSpec spec, String flag, List<String> raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String h : raw) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw usage(spec, flag + " takes key=value (got \"" + h + "\")");
            }
            m.put(h.substring(0, eq).trim(), h.substring(eq + 1).trim());
        }
        return m;
    }

    /**
     * The Elasticsearch nodes of {@code --fleet-server-es}: one URL, or several comma-separated, which share their
     * scheme and path (the bootstrap output has one protocol and path for all its hosts).
     */
    List<URI> esUrls(CommandSpec spec) {
        List<URI> urls = new ArrayList<>();
        for (String part : fsEs.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            URI es = parseUri(spec, "--fleet-server-es", part);
            if (es.getScheme() == null || !Set.of("http", "https").contains(es.getScheme()) || es.getHost() == null) {
                throw usage(spec, "--fleet-server-es must be an http:// or https:// URL with a host, such as https://es.example:9200"
                        + " (several comma-separated; got \"" + redactUserInfo(part.trim()) + "\")");
            }
            if (!urls.isEmpty() && (!urls.get(0).getScheme().equals(es.getScheme())
                    || !Objects.equals(normalPath(urls.get(0)), normalPath(es)))) {
                throw usage(spec, "--fleet-server-es: all Elasticsearch URLs need the same scheme and path (" + redactUserInfo(urls.get(0).toString())
                        + " and " + redactUserInfo(es.toString()) + " differ): Fleet Server gives them one protocol and path");
            }
            urls.add(es);
        }
        if (urls.isEmpty()) {
            throw usage(spec, "--fleet-server-es must be an http:// or https:// URL with a host, such as https://es.example:9200");
        }
        return List.copyOf(urls);
    }

    private static String normalPath(URI u) {
        String p = u.getRawPath();
        return p == null || p.isEmpty() || p.equals("/") ? "" : p;
    }

    private static URI parseUri(CommandSpec spec, String flag, String value) {
        try {
            return new URI(value.trim());
        } catch (URISyntaxException e) {
            throw usage(spec, flag + " is not a valid URL: " + e.getReason() + " (got \"" + redactUserInfo(value) + "\")");
        }
    }

    private static String redactUserInfo(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    private static void requireAbsolute(CommandSpec spec, String flag, String value) {
        if (value != null && !value.isEmpty() && !Path.of(value).isAbsolute()) {
            throw usage(spec, flag + " must be an absolute path (got \"" + value + "\"); try " + Path.of(value).toAbsolutePath());
        }
    }

    private static void requireAbsoluteOrPem(CommandSpec spec, String flag, List<String> values) {
        for (String v : values) {
            if (v != null && !v.contains("-----BEGIN")) {
                requireAbsolute(spec, flag, v);
            }
        }
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
