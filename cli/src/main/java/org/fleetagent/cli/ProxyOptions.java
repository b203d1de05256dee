package org.fleetagent.cli;

import static org.fleetagent.cli.FlagValues.given;
import static org.fleetagent.cli.FlagValues.listOf;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import picocli.CommandLine.Option;

/** The proxy to Fleet: its URL, CONNECT headers, and the TLS hop to an {@code https://} proxy. */
public final class ProxyOptions {
    @Option(names = "--proxy-url", order = 15, paramLabel = "<url>", description = "Configures the proxy URL (http, https or socks5).")
    String url;

    @Option(names = "--proxy-disabled", order = 16, description = "Disable proxy support including environment variables.")
    boolean disabled;

    @Option(names = "--proxy-header", order = 17, split = ",", paramLabel = "<k=v>", description = "Proxy headers used with CONNECT request.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--proxy-ca", order = 18, split = ",", paramLabel = "<path>",
            description = "CAs for the TLS hop to an https:// proxy (default: the --certificate-authorities).")
    List<String> ca = new ArrayList<>();

    @Option(names = "--proxy-cert", order = 19, paramLabel = "<path>",
            description = "Client certificate for the TLS hop to an https:// proxy (default: --elastic-agent-cert).")
    String cert;

    @Option(names = "--proxy-cert-key", order = 20, paramLabel = "<path>",
            description = "Key of --proxy-cert (default: --elastic-agent-cert-key).")
    String certKey;

    @Option(names = "--proxy-cert-key-passphrase", order = 21, paramLabel = "<path>",
            description = "File holding the passphrase of --proxy-cert-key.")
    String certKeyPassphrase;

    void validateFiles(Usage u) {
        FlagValues.requireAbsoluteOrPem(u, "--proxy-ca", ca);
        FlagValues.requireAbsoluteOrPem(u, "--proxy-cert", listOf(cert));
        FlagValues.requireAbsoluteOrPem(u, "--proxy-cert-key", listOf(certKey));
        FlagValues.requireAbsolute(u, "--proxy-cert-key-passphrase", certKeyPassphrase);
        FlagValues.requirePair(u, "--proxy-cert", cert, "--proxy-cert-key", certKey);
    }

    void validate(Usage u) {
        if (disabled && given(url)) {
            // the real agent accepts both and disables the proxy
            u.note("Warning: --proxy-disabled wins: --proxy-url " + FlagValues.redactUserInfo(url)
                    + " is ignored and no proxy is used, the environment's included");
        }
        FlagValues.warnMalformedHeaders(u, "--proxy-header", headers);
        if (given(url)) {
            URI p = FlagValues.parseUri(u, "--proxy-url", url);
            String scheme = p.getScheme() == null ? "" : p.getScheme().toLowerCase(Locale.ROOT);
            if (!Set.of("http", "https", "socks5").contains(scheme) || p.getHost() == null) {
                throw u.error("--proxy-url must be an http://, https:// or socks5:// URL with a host, such as http://proxy.example:3128 (got \""
                        + FlagValues.redactUserInfo(url) + "\")");
            }
        }
    }

    Map<String, String> headers() {
        return FlagValues.headerMap(headers);
    }

    /** The proxy settings; the TLS hop to the proxy defaults to the trust and client certificate of {@code fleet}. */
    ProxySettings settings(Usage u, TlsSettings fleet) {
        TlsSettings proxyTls = null;
        if (!ca.isEmpty() || cert != null) {
            boolean own = cert != null;
            proxyTls = new TlsSettings(ca.isEmpty() ? fleet.certificateAuthorities() : List.copyOf(ca), List.of(), VerificationMode.FULL,
                    own ? cert : fleet.certificate(), own ? certKey : fleet.key(),
                    own ? FlagValues.pathOrNull(certKeyPassphrase) : fleet.keyPassphrasePath());
        }
        return new ProxySettings(given(url) ? FlagValues.parseUri(u, "--proxy-url", url) : null, headers(), disabled, proxyTls);
    }
}
