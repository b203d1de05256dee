package org.fleetagent.recovery;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.fleet.FleetConnection.ProxySource;
import org.fleetagent.store.SettingOrigins;
import org.fleetagent.store.SettingOrigins.Origin;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.transport.Proxies;
import org.fleetagent.transport.ProxySettings;

/**
 * One change of the Fleet connection made by an {@code elastic-agent fleet set-…} command: what it does to the
 * connection and to the record of where each setting came from ({@code inspect --explain}).
 */
public sealed interface FleetChange {
    /** The command, as recorded in the setting's origin: {@code fleet set-url}. */
    default String command() {
        return switch (this) {
            case Url u -> "fleet set-url";
            case Proxy p -> p.url() == null ? "fleet set-proxy --none" : "fleet set-proxy";
            case Ca c -> "fleet set-ca";
            case Cert c -> "fleet set-cert";
        };
    }

    /** The connection with this change made. */
    FleetConnection applyTo(FleetConnection c);

    /** The origins with this change recorded. */
    SettingOrigins record(SettingOrigins o);

    /** What changed, for people: {@code Fleet URL set to https://fleet:8220}. */
    String describe();

    /** Whether the change touches the TLS files, which are then read before anything is probed. */
    default boolean readsTlsFiles() {
        return this instanceof Ca || this instanceof Cert;
    }

    /** {@code fleet set-url}: one Fleet Server URL instead of the enrolled or policy-given hosts. */
    record Url(URI url) implements FleetChange {
        @Override
        public FleetConnection applyTo(FleetConnection c) {
            return new FleetConnection(List.of(url), c.headers(), c.tls(), c.proxy(), c.proxySource(), false);
        }

        @Override
        public SettingOrigins record(SettingOrigins o) {
            return o.with(SettingOrigins.URL, Origin.command(command()));
        }

        @Override
        public String describe() {
            return "Fleet URL set to " + url;
        }
    }

    /**
     * {@code fleet set-proxy URL} (the proxy headers are kept) or {@code fleet set-proxy --none} (no proxy at all,
     * the environment's included, as {@code --proxy-disabled}).
     *
     * @param url the proxy, or null for none
     */
    record Proxy(URI url) implements FleetChange {
        @Override
        public FleetConnection applyTo(FleetConnection c) {
            ProxySettings p = url == null ? new ProxySettings(null, Map.of(), true, c.proxy().proxyTls())
                    : new ProxySettings(url, c.proxy().headers(), false, c.proxy().proxyTls());
            return new FleetConnection(c.hosts(), c.headers(), c.tls(), p, ProxySource.CLI, c.hostsFromPolicy());
        }

        @Override
        public SettingOrigins record(SettingOrigins o) {
            return url == null ? o.with(SettingOrigins.PROXY_DISABLE, Origin.command(command()), SettingOrigins.PROXY_URL, SettingOrigins.PROXY_HEADERS)
                    : o.with(SettingOrigins.PROXY_URL, Origin.command(command()), SettingOrigins.PROXY_DISABLE);
        }

        @Override
        public String describe() {
            return url == null ? "Proxy removed: Fleet is reached directly, whatever the environment says"
                    : "Proxy set to " + Proxies.redact(url);
        }
    }

    /** {@code fleet set-ca FILE}: the one CA to trust; pins of the old CA are dropped, they cannot match the new one. */
    record Ca(Path file) implements FleetChange {
        @Override
        public FleetConnection applyTo(FleetConnection c) {
            TlsSettings t = c.tls();
            return new FleetConnection(c.hosts(), c.headers(), new TlsSettings(List.of(file.toAbsolutePath().toString()), List.of(),
                    t.verificationMode(), t.certificate(), t.key(), t.keyPassphrasePath()), c.proxy(), c.proxySource(), c.hostsFromPolicy());
        }

        @Override
        public SettingOrigins record(SettingOrigins o) {
            return o.with(SettingOrigins.CAS, Origin.command(command()), SettingOrigins.PINS);
        }

        @Override
        public String describe() {
            return "Fleet CA set to " + file.toAbsolutePath();
        }
    }

    /**
     * {@code fleet set-cert CERT KEY [--passphrase-file F]}: the client certificate, its key and passphrase as one unit.
     *
     * @param passphraseFile the key's passphrase file, or null
     */
    record Cert(Path certificate, Path key, Path passphraseFile) implements FleetChange {
        @Override
        public FleetConnection applyTo(FleetConnection c) {
            TlsSettings t = c.tls();
            return new FleetConnection(c.hosts(), c.headers(), new TlsSettings(t.certificateAuthorities(), t.caSha256(), t.verificationMode(),
                    certificate.toAbsolutePath().toString(), key.toAbsolutePath().toString(),
                    passphraseFile == null ? null : passphraseFile.toAbsolutePath()), c.proxy(), c.proxySource(), c.hostsFromPolicy());
        }

        @Override
        public SettingOrigins record(SettingOrigins o) {
            return o.with(SettingOrigins.CERT, Origin.command(command()));
        }

        @Override
        public String describe() {
            return "Client certificate set to " + certificate.toAbsolutePath() + " (key " + key.toAbsolutePath() + ")";
        }
    }
}
