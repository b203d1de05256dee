package org.fleetagent.install;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;

/**
 * What an agent's fleet.enc says about its enrollment: its id, the Fleet hosts, its API key and the replace token
 * that lets a reinstall enroll again under the same id. Read-only; a missing or unreadable fleet.enc is "not enrolled".
 *
 * @param agentId      the agent id
 * @param hosts        the Fleet Server URLs
 * @param accessApiKey the agent's Fleet API key (a secret; never printed)
 * @param replaceToken the enrollment's replace token, or empty (a secret; never printed)
 * @param connection   the stored connection to Fleet, for a client
 */
public record Enrollment(String agentId, List<URI> hosts, String accessApiKey, String replaceToken, FleetConnection connection) {

    @Override
    public String toString() {
        return "Enrollment[agentId=" + agentId + ", hosts=" + hosts + "]";
    }

    /** The enrollment kept at {@code paths}, if the agent is enrolled into Fleet there. */
    public static Optional<Enrollment> read(AgentPaths paths) {
        if (!Files.exists(paths.fleetEnc())) {
            return Optional.empty();
        }
        try {
            FleetConfig doc = new FleetConfigStore(paths).read();
            if (!doc.fleetEnabled()) {
                return Optional.empty();
            }
            FleetConfig.Fleet fleet = doc.fleet();
            FleetConnection c = fleet.connection().get();
            String key = fleet.accessApiKey() == null ? "" : fleet.accessApiKey();
            String replace = fleet.replaceToken() == null ? "" : fleet.replaceToken();
            return Optional.of(new Enrollment(doc.agentId(), c.hosts(), key, replace, c));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The identity an enrollment killed half-way asked Fleet for (its intent), for an interrupted install to enroll
     * under it again: Fleet may hold that agent already. It has no API key or connection of its own.
     */
    public static Optional<Enrollment> pending(AgentPaths paths) {
        if (!Files.exists(paths.enrollIntent())) {
            return Optional.empty();
        }
        try {
            return new FleetConfigStore(paths).intent().pending()
                    .map(i -> new Enrollment(i.agentId(), List.of(URI.create(i.url())), "", i.replaceToken(), null));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code url} names one of this enrollment's Fleet hosts (scheme, host, port and path, ignoring a trailing slash). */
    public boolean enrolledInto(URI url) {
        String want = normal(url);
        return hosts.stream().anyMatch(h -> normal(h).equals(want));
    }

    /** A client to this agent's Fleet Server, through the stored proxy and TLS settings. */
    public FleetClient client(Map<String, String> env) {
        FleetConnection c = connection;
        return new FleetClient(new HttpClientFactory(env).create(new TransportSettings(c.tls(), c.proxy(), Duration.ofSeconds(15),
                Duration.ofSeconds(10))), c.primary(), c.headers(), AgentVersion.current());
    }

    static String normal(URI u) {
        return org.fleetagent.config.Urls.normalForm(u);
    }
}
