package org.fleetagent.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fleetagent.container.ContainerEnv;
import org.fleetagent.store.SettingOrigins;
import org.fleetagent.tls.Pins;

/**
 * The container's enrollment settings from its environment, as the original image maps FLEET_*, FLEET_SERVER_*
 * and ELASTIC_AGENT_* onto the enroll flags: the same option groups are filled with the values themselves (no
 * command line is written and parsed again), so they are checked as the flags are. Secrets stay in memory.
 */
final class ContainerEnrollFlags {
    private ContainerEnrollFlags() {
    }

    /**
     * @param token        the enrollment token (from the environment or Kibana), if any
     * @param serviceToken the Fleet Server service token (from the environment or Kibana), if any
     */
    static EnrollFlags from(ContainerEnv ce, Optional<String> token, Optional<String> serviceToken, Usage u) {
        EnrollFlags f = new EnrollFlags();
        if (ce.fleetServerEnabled()) {
            fleetServer(f.fleetServer, ce, serviceToken, u);
            ce.duration("FLEET_SERVER_TIMEOUT").ifPresent(d -> f.behaviour.fleetServerTimeout = d);
        }
        f.target.url = ce.fleetUrl().orElse(null);
        f.target.enrollmentToken = token.orElse(null);
        f.target.id = ce.agentId().orElse(null);
        f.target.replaceToken = ce.first("FLEET_REPLACE_TOKEN").orElse(null);
        ce.headers().forEach((k, v) -> f.target.headers.add(k + "=" + v));
        ce.first("ELASTIC_AGENT_TAGS").ifPresent(v -> f.target.tags.addAll(split(v)));
        ce.fleetCa().ifPresent(v -> f.tls.certificateAuthorities.addAll(split(v)));
        f.tls.insecure = ce.insecure();
        f.clientCert.cert = ce.first("ELASTIC_AGENT_CERT").orElse(null);
        f.clientCert.key = ce.first("ELASTIC_AGENT_CERT_KEY").orElse(null);
        environmentOrigins(f.origins, ce);
        ce.duration("FLEET_DAEMON_TIMEOUT").ifPresent(d -> f.behaviour.daemonTimeout = d);
        ce.duration("FLEET_ENROLL_TIMEOUT").ifPresent(d -> f.behaviour.enrollTimeout = d);
        return f;
    }

    private static void environmentOrigins(EnrollOrigins o, ContainerEnv ce) {
        o.environment(SettingOrigins.URL, "FLEET_URL");
        o.environment(SettingOrigins.HEADERS, ce.source("FLEET_HEADERS", "FLEET_HEADER"));
        o.environment(SettingOrigins.CAS, ce.source("FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA"));
        o.environment(SettingOrigins.MODE, ce.source("FLEET_INSECURE", "FLEET_SERVER_INSECURE_HTTP"));
        o.environment(SettingOrigins.CERT, "ELASTIC_AGENT_CERT");
    }

    /** Read here rather than by the flag's check, so that a bad value names the variable. */
    private static String fingerprint(String value, Usage u) {
        try {
            return Pins.caFingerprintHex(value);
        } catch (IllegalArgumentException e) {
            throw u.error("FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT " + e.getMessage());
        }
    }

    private static void fleetServer(FleetServerBootstrapOptions fs, ContainerEnv ce, Optional<String> serviceToken, Usage u) {
        fs.es = ce.withDefault("http://elasticsearch:9200", "FLEET_SERVER_ELASTICSEARCH_HOST", "ELASTICSEARCH_HOST");
        fs.esCa = ce.first("FLEET_SERVER_ELASTICSEARCH_CA", "ELASTICSEARCH_CA").orElse(null);
        fs.esCaFingerprint = ce.first("FLEET_SERVER_ELASTICSEARCH_CA_TRUSTED_FINGERPRINT").map(v -> fingerprint(v, u)).orElse(null);
        fs.esInsecure = ce.flag("FLEET_SERVER_ELASTICSEARCH_INSECURE");
        fs.esCert = ce.first("FLEET_SERVER_ES_CERT").orElse(null);
        fs.esCertKey = ce.first("FLEET_SERVER_ES_CERT_KEY").orElse(null);
        fs.serviceToken = serviceToken.orElse(null);
        fs.policy = ce.first("FLEET_SERVER_POLICY_ID", "FLEET_SERVER_POLICY").orElse(null);
        fs.host = ce.first("FLEET_SERVER_HOST").orElse(null);
        Optional<String> port = ce.first("FLEET_SERVER_PORT");
        if (port.isPresent()) {
            try {
                fs.port = Integer.parseInt(port.get().trim());
            } catch (NumberFormatException e) {
                throw u.error("FLEET_SERVER_PORT must be a port number (got \"" + port.get() + "\")");
            }
        }
        fs.cert = ce.first("FLEET_SERVER_CERT").orElse(null);
        fs.certKey = ce.first("FLEET_SERVER_CERT_KEY").orElse(null);
        fs.certKeyPassphrase = ce.first("FLEET_SERVER_CERT_KEY_PASSPHRASE").orElse(null);
        fs.clientAuth = ce.withDefault("none", "FLEET_SERVER_CLIENT_AUTH");
        fs.insecureHttp = ce.flag("FLEET_SERVER_INSECURE_HTTP");
    }

    /** A comma-separated value, as the flag it stands for splits it. */
    private static List<String> split(String v) {
        return Arrays.asList(v.split(","));
    }
}
