package org.fleetagent.bootstrap;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code --fleet-server-*} options of a Fleet Server bootstrap (reference/elastic-agent.md §1.1, §2.4).
 *
 * @param es                 the Elasticsearch URLs ({@code --fleet-server-es}, comma-separated; one scheme and path)
 * @param esCa               CA file for Elasticsearch, or null
 * @param esCaFingerprint    hex SHA-256 of the Elasticsearch CA, or null
 * @param esInsecure         no verification of Elasticsearch's certificate
 * @param esCert             client certificate to Elasticsearch, or null
 * @param esCertKey          its key, or null
 * @param serviceToken       the service token (a secret), or null
 * @param serviceTokenPath   a file holding it, or null
 * @param policyId           the Fleet Server policy, or null for the default
 * @param host               bind host ({@code 0.0.0.0} by default)
 * @param port               bind port (8220 by default)
 * @param cert               server certificate, or null for a self-signed one (unless insecure HTTP)
 * @param certKey            its key, or null
 * @param certKeyPassphrase  file holding the key's passphrase, or null
 * @param clientAuth         none, optional or required
 * @param insecureHttp       expose Fleet Server over plain HTTP
 * @param certificateAuthorities CAs that sign the custom server certificate (to verify it over localhost)
 * @param headers            headers to Elasticsearch
 * @param proxyUrl           proxy to Elasticsearch, or null
 * @param proxyHeaders       its CONNECT headers
 * @param proxyDisabled      no proxy to Elasticsearch
 * @param timeout            how long to wait for Fleet Server (0: 2 min; negative: no limit)
 * @param daemonTimeout      how long to wait for the daemon that runs it (0: 1 min; negative: no limit)
 */
public record FleetServerOptions(List<URI> es, String esCa, String esCaFingerprint, boolean esInsecure, String esCert, String esCertKey,
                                 String serviceToken, String serviceTokenPath, String policyId, String host, int port,
                                 String cert, String certKey, String certKeyPassphrase, String clientAuth, boolean insecureHttp,
                                 List<String> certificateAuthorities, Map<String, String> headers, String proxyUrl,
                                 Map<String, String> proxyHeaders, boolean proxyDisabled, Duration timeout,
                                 Duration daemonTimeout) {
    /** The internal port the agent talks to its own Fleet Server on. */
    public static final int INTERNAL_PORT = 8221;

    public int effectivePort() {
        return port == 0 ? 8220 : port;
    }

    public String effectiveHost() {
        return host == null || host.isEmpty() ? "0.0.0.0" : host;
    }

    /** 0 means the real default of 2 minutes; negative means none. */
    public Duration effectiveTimeout() {
        return timeout == null || timeout.isZero() ? Duration.ofMinutes(2) : timeout;
    }

    /** 0 means the real default of 1 minute ({@code --daemon-timeout}); negative means none. */
    public Duration effectiveDaemonTimeout() {
        Duration d = daemonTimeout == null || daemonTimeout.isZero() ? Duration.ofMinutes(1) : daemonTimeout;
        return d.isNegative() ? Duration.ofDays(3650) : d;
    }

    @Override
    public String toString() {
        return "FleetServerOptions[es=" + es + ", policyId=" + policyId + ", port=" + effectivePort() + "]";
    }
}
