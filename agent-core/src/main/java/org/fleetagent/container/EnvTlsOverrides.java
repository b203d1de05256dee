package org.fleetagent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.tls.TlsSettings;

/**
 * The TLS material of the environment laid over a stored enrollment on every start, as the real entrypoint overrides
 * {@code fleet.ssl} at each run: FLEET_CA (→ KIBANA_CA → ELASTICSEARCH_CA) replaces the CAs Fleet is verified with,
 * ELASTIC_AGENT_CERT/_KEY the client certificate, FLEET_SERVER_CERT/_KEY/_KEY_PASSPHRASE the local Fleet Server's
 * certificate. A rotated CA thus takes effect without enrolling again. Proxy variables need nothing here: every
 * process reads them from its own environment.
 */
public final class EnvTlsOverrides {
    private EnvTlsOverrides() {
    }

    /**
     * @param config  the stored configuration with the environment's TLS material in it
     * @param changed the variables that changed it (names only: a value may be an inline key)
     */
    public record Result(FleetConfig config, List<String> changed) {
    }

    /** {@code stored} with the environment's TLS material; {@code changed} is empty when nothing differs. */
    public static Result apply(ContainerEnv env, FleetConfig stored) {
        FleetConfig.Fleet fleet = stored.fleet();
        if (fleet == null || !fleet.connection().present()) {
            return new Result(stored, List.of());
        }
        List<String> changed = new ArrayList<>();
        FleetConnection c = fleet.connection().get();
        TlsSettings t = c.tls();
        List<String> cas = env.fleetCa().map(v -> Arrays.asList(v.split(","))).orElse(t.certificateAuthorities());
        String cert = env.first("ELASTIC_AGENT_CERT").orElse(t.certificate());
        String key = env.first("ELASTIC_AGENT_CERT_KEY").orElse(t.key());
        if (!cas.equals(t.certificateAuthorities())) {
            changed.add(env.source("FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA"));
        }
        if (!Objects.equals(cert, t.certificate()) || !Objects.equals(key, t.key())) {
            changed.add("ELASTIC_AGENT_CERT/ELASTIC_AGENT_CERT_KEY");
        }
        FleetConfig.Fleet out = fleet;
        if (!changed.isEmpty()) {
            TlsSettings nt = new TlsSettings(cas, t.caSha256(), t.verificationMode(), cert, key, t.keyPassphrasePath());
            out = fleet.withConnection(new FleetConnection(c.hosts(), c.headers(), nt, c.proxy(), c.proxySource(), c.hostsFromPolicy()));
        }
        FleetConfig.FleetServer server = out.server();
        if (server != null && server.ssl() != null) {
            Map<String, Object> ssl = new LinkedHashMap<>(server.ssl());
            boolean serverChanged = put(ssl, "certificate", env.first("FLEET_SERVER_CERT"))
                    | put(ssl, "key", env.first("FLEET_SERVER_CERT_KEY"))
                    | put(ssl, "key_passphrase_path", env.first("FLEET_SERVER_CERT_KEY_PASSPHRASE"));
            if (serverChanged) {
                changed.add("FLEET_SERVER_CERT/FLEET_SERVER_CERT_KEY");
                FleetConfig.FleetServer ns = new FleetConfig.FleetServer(server.bootstrap(), server.policyId(), server.host(), server.port(),
                        server.internalPort(), ssl, server.elasticsearch(), server.other());
                out = new FleetConfig.Fleet(out.enabled(), out.accessApiKey(), out.enrollmentTokenHash(), out.replaceTokenHash(),
                        out.replaceToken(), out.connection(), ns, out.checkin(), out.origins(), out.other());
            }
        }
        return new Result(changed.isEmpty() ? stored : stored.withFleet(out), List.copyOf(changed));
    }

    /**
     * Lays the environment's TLS material over the enrollment stored at {@code paths} and saves it when it changed.
     *
     * @return the variables that changed it; empty when there is no enrollment or nothing differs
     */
    public static List<String> applyStored(ContainerEnv env, AgentPaths paths) throws IOException {
        if (!Files.exists(paths.fleetEnc())) {
            return List.of();
        }
        FleetConfigStore store = new FleetConfigStore(paths);
        Result r;
        try {
            r = apply(env, store.read());
        } catch (RuntimeException e) {
            return List.of(); // an unreadable enrollment is the enroll decision's to report
        }
        if (!r.changed().isEmpty()) {
            store.write(r.config());
        }
        return r.changed();
    }

    private static boolean put(Map<String, Object> ssl, String key, Optional<String> value) {
        if (value.isEmpty() || value.get().equals(ssl.get(key))) {
            return false;
        }
        ssl.put(key, value.get());
        return true;
    }
}
