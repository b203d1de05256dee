package org.fleetagent.store;

import java.util.Map;
import org.fleetagent.fleet.FleetConnection;

/**
 * The decrypted fleet.enc as typed values, under the real agent's key names (reference/elastic-agent.md §4.2;
 * {@code configuration/fleet.go}, {@code fleet_server.go}). Every level keeps the keys this agent does not know in
 * {@code other}, so that a file the real agent wrote is written back unchanged. {@link FleetConfigCodec} is the
 * one place that turns YAML trees into these values and back.
 *
 * @param agent the top-level {@code agent} section (null when absent)
 * @param fleet the {@code fleet} section (null when absent: not enrolled)
 * @param other the other top-level keys, as read
 */
public record FleetConfig(Agent agent, Fleet fleet, Map<String, Object> other) {
    public FleetConfig {
        other = other == null ? Map.of() : other;
    }

    /** The document of an agent that is not enrolled. */
    public static FleetConfig empty() {
        return new FleetConfig(null, null, Map.of());
    }

    /** Whether {@code fleet.enabled} is true. */
    public boolean fleetEnabled() {
        return fleet != null && Boolean.TRUE.equals(fleet.enabled());
    }

    /** The agent id ({@code agent.id}), or "" before there is one. */
    public String agentId() {
        return agent == null || agent.id() == null ? "" : agent.id();
    }

    public FleetConfig withFleet(Fleet f) {
        return new FleetConfig(agent, f, other);
    }

    /**
     * The top-level {@code agent} section.
     *
     * @param id    the agent id Fleet gave at enrollment
     * @param other {@code monitoring.http}, {@code logging.level}, {@code headers}, {@code download} and the rest
     */
    public record Agent(String id, Map<String, Object> other) {
        public Agent {
            other = other == null ? Map.of() : other;
        }
    }

    /**
     * The {@code fleet} section.
     *
     * @param enabled             {@code enabled}
     * @param accessApiKey        {@code access_api_key}: the agent's credential with Fleet
     * @param enrollmentTokenHash {@code enrollment_token_hash}
     * @param replaceTokenHash    {@code replace_token_hash}
     * @param replaceToken        {@code replace_token}: this agent's extension, the replace token itself
     * @param connection          the connection keys (hosts, headers, TLS, proxy): see {@link Connection}
     * @param server              {@code server}: the local Fleet Server (null when this agent runs none)
     * @param checkin             {@code checkin} (null when absent)
     * @param origins             {@code origins}: where the enroll-time connection settings came from (this agent's extension)
     * @param other               the other keys ({@code agent}, {@code space.id}, ...), as read
     */
    public record Fleet(Boolean enabled, String accessApiKey, String enrollmentTokenHash, String replaceTokenHash,
                        String replaceToken, Connection connection, FleetServer server, Checkin checkin,
                        SettingOrigins origins, Map<String, Object> other) {
        public Fleet {
            other = other == null ? Map.of() : other;
            origins = origins == null ? SettingOrigins.NONE : origins;
            connection = connection == null ? Connection.NONE : connection;
        }

        /** The same section with another connection (written in this agent's form). */
        public Fleet withConnection(FleetConnection c) {
            return new Fleet(enabled, accessApiKey, enrollmentTokenHash, replaceTokenHash, replaceToken, Connection.of(c),
                    server, checkin, origins, other);
        }

        /** The same section with other setting origins. */
        public Fleet withOrigins(SettingOrigins o) {
            return new Fleet(enabled, accessApiKey, enrollmentTokenHash, replaceTokenHash, replaceToken, connection, server,
                    checkin, o, other);
        }

        public Fleet withReplaceToken(String token) {
            return new Fleet(enabled, accessApiKey, enrollmentTokenHash, replaceTokenHash, token, connection, server,
                    checkin, origins, other);
        }

        /** Whether check-ins are sent gzip-compressed ({@code checkin.compression} is not {@code none}). */
        public boolean gzipCheckins() {
            return checkin == null || !"none".equals(checkin.compression());
        }
    }

    /**
     * The connection keys of {@code fleet} ({@link FleetConfigCodec#CONNECTION_KEYS}). They are decoded when asked
     * for, as before, so that a document whose connection is unusable can still be read (by {@code inspect}, by a
     * reinstall deciding what to do); and written back exactly as read until a new connection replaces them.
     *
     * @param asRead   the keys as read (empty when {@code replaced} is set)
     * @param replaced the connection that replaced them, or null
     */
    public record Connection(Map<String, Object> asRead, FleetConnection replaced) {
        static final Connection NONE = new Connection(Map.of(), null);

        public Connection {
            asRead = asRead == null ? Map.of() : asRead;
        }

        public static Connection of(FleetConnection c) {
            return new Connection(Map.of(), c);
        }

        /** Whether the section names a Fleet Server at all ({@code host} or {@code hosts}). */
        public boolean present() {
            return replaced != null || asRead.containsKey("host") || asRead.containsKey("hosts");
        }

        /**
         * The connection.
         *
         * @throws IllegalArgumentException when the keys do not make one (no host, a bad URL or mode)
         */
        public FleetConnection get() {
            return replaced != null ? replaced : FleetConfigCodec.connection(asRead);
        }
    }

    /**
     * The {@code fleet.server} block: a Fleet Server this agent runs itself.
     *
     * @param bootstrap     {@code bootstrap}: true until the agent enrolled into it
     * @param policyId      {@code policy.id}
     * @param host          {@code host}
     * @param port          {@code port}
     * @param internalPort  {@code internal_port}
     * @param ssl           {@code ssl}, passed through to the component
     * @param elasticsearch {@code output.elasticsearch}, passed through to the component's output
     * @param other         the other keys, as read ({@code policy} and {@code output} keys other than the above too)
     */
    public record FleetServer(Boolean bootstrap, String policyId, String host, Integer port, Integer internalPort,
                              Map<String, Object> ssl, Map<String, Object> elasticsearch, Map<String, Object> other) {
        public FleetServer {
            other = other == null ? Map.of() : other;
        }

        /** Whether the agent is still bootstrapping it (not yet enrolled into it). */
        public boolean bootstrapping() {
            return Boolean.TRUE.equals(bootstrap);
        }
    }

    /**
     * The {@code fleet.checkin} block.
     *
     * @param mode        {@code mode}: "", {@code standard} or {@code on_state_change}
     * @param compression {@code compression}: {@code gzip} or {@code none}
     * @param other       the other keys ({@code request_backoff_init} ...), as read
     */
    public record Checkin(String mode, String compression, Map<String, Object> other) {
        public Checkin {
            other = other == null ? Map.of() : other;
        }
    }
}
