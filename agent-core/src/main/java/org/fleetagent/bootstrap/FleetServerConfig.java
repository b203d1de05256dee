package org.fleetagent.bootstrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code fleet.server} block of fleet.enc, in the real agent's keys: where Fleet Server listens, its TLS, its
 * policy, and under {@code output.elasticsearch} the Elasticsearch connection it is bootstrapped with. The daemon
 * passes that connection to the fleet-server component as the output unit's {@code bootstrap} block.
 */
public final class FleetServerConfig {
    private FleetServerConfig() {
    }

    /**
     * @param tls the server TLS: certificate, key, CAs (null for plain HTTP)
     */
    public static Map<String, Object> server(FleetServerOptions o, ServerTls tls, boolean bootstrap) {
        Map<String, Object> server = new LinkedHashMap<>();
        if (bootstrap) {
            server.put("bootstrap", true);
        }
        if (o.policyId() != null && !o.policyId().isEmpty()) {
            server.put("policy", Map.of("id", o.policyId()));
        }
        server.put("host", o.effectiveHost());
        server.put("port", o.effectivePort());
        server.put("internal_port", FleetServerOptions.INTERNAL_PORT);
        server.put("output", Map.of("elasticsearch", elasticsearch(o)));
        if (tls != null) {
            Map<String, Object> ssl = new LinkedHashMap<>();
            ssl.put("certificate", tls.certificate());
            ssl.put("key", tls.key());
            if (tls.keyPassphrasePath() != null) {
                ssl.put("key_passphrase_path", tls.keyPassphrasePath());
            }
            ssl.put("certificate_authorities", tls.certificateAuthorities());
            ssl.put("client_authentication", o.clientAuth() == null ? "none" : o.clientAuth());
            server.put("ssl", ssl);
        }
        return server;
    }

    /** The Elasticsearch connection of the bootstrap, as {@code output.elasticsearch}. */
    public static Map<String, Object> elasticsearch(FleetServerOptions o) {
        Map<String, Object> es = new LinkedHashMap<>();
        // every host goes to Fleet Server, which uses the first that answers (the original passed one)
        java.net.URI first = o.es().get(0);
        es.put("protocol", first.getScheme());
        es.put("hosts", o.es().stream().map(u -> u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : u.getHost()).toList());
        if (first.getRawPath() != null && !first.getRawPath().isEmpty() && !first.getRawPath().equals("/")) {
            es.put("path", first.getRawPath());
        }
        if (o.serviceToken() != null && !o.serviceToken().isEmpty()) {
            es.put("service_token", o.serviceToken());
        }
        if (o.serviceTokenPath() != null && !o.serviceTokenPath().isEmpty()) {
            es.put("service_token_path", o.serviceTokenPath());
        }
        Map<String, Object> ssl = new LinkedHashMap<>();
        if (o.esInsecure()) {
            ssl.put("verification_mode", "none");
        }
        if (o.esCa() != null) {
            ssl.put("certificate_authorities", List.of(o.esCa()));
        }
        if (o.esCaFingerprint() != null) {
            ssl.put("ca_trusted_fingerprint", o.esCaFingerprint());
        }
        if (o.esCert() != null) {
            ssl.put("certificate", o.esCert());
        }
        if (o.esCertKey() != null) {
            ssl.put("key", o.esCertKey());
        }
        if (!ssl.isEmpty()) {
            es.put("ssl", ssl);
        }
        if (o.headers() != null && !o.headers().isEmpty()) {
            es.put("headers", o.headers());
        }
        if (o.proxyUrl() != null && !o.proxyUrl().isEmpty()) {
            es.put("proxy_url", o.proxyUrl());
        }
        es.put("proxy_disable", o.proxyDisabled());
        es.put("proxy_headers", o.proxyHeaders() == null ? Map.of() : o.proxyHeaders());
        return es;
    }

    /**
     * @param certificate            PEM or path
     * @param key                    PEM or path (a secret when inline)
     * @param keyPassphrasePath      or null
     * @param certificateAuthorities the CAs that verify it
     */
    public record ServerTls(String certificate, String key, String keyPassphrasePath, List<String> certificateAuthorities) {
        @Override
        public String toString() {
            return "ServerTls[key redacted]";
        }
    }
}
