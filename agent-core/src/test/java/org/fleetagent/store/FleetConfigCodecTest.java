package org.fleetagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.tls.VerificationMode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class FleetConfigCodecTest {
    /** fleet.enc as the real agent writes it after a Fleet Server bootstrap and a policy change, with keys we do not model. */
    private static final String REAL_AGENT = """
            agent:
              download:
                sourceURI: https://staging.elastic.co/9.1.0-abcdef12/downloads/
              headers:
                X-Team: ops
              id: 5c1e0d27-5e8b-4a47-9f1a-8e3c1e2a4b11
              logging.level: info
              monitoring.http:
                buffer: null
                enabled: false
                host: localhost
                port: 6791
              protection:
                enabled: false
                signing_key: ""
                uninstall_token_hash: ""
            fleet:
              access_api_key: a2V5OnNlY3JldA==
              agent:
                id: ""
              checkin:
                compression: gzip
                mode: on_state_change
                request_backoff_init: 5m0s
              enabled: true
              enrollment_token_hash: c2FsdGtleQ==
              host: fleet.example:8220
              hosts:
              - https://fleet-a.example:8220
              - https://fleet-b.example:8220
              path: ""
              protocol: https
              proxy_disable: false
              proxy_headers:
                X-Proxy: "1"
              proxy_url: http://proxy.example:3128
              replace_token_hash: ""
              server:
                bootstrap: false
                host: 0.0.0.0
                instance_limits:
                  max_connections: 100
                internal_port: 8221
                output:
                  elasticsearch:
                    hosts:
                    - https://es.example:9200
                    protocol: https
                    service_token: AAEAAWVs
                policy:
                  id: fleet-server-policy
                port: 8220
                ssl:
                  certificate: /etc/fs.crt
                  key: /etc/fs.key
                timeouts:
                  checkin_long_poll: 5m0s
              space.id: default
              ssl:
                ca_sha256: []
                certificate_authorities:
                - /etc/ca.pem
                renegotiation: never
                supported_protocols:
                - TLSv1.3
                verification_mode: full
              timeout: 10m0s
            reload:
              enabled: true
            """;

    @Test
    void aRealAgentsFleetEncRoundTripsUnchanged() {
        byte[] yaml = REAL_AGENT.getBytes(StandardCharsets.UTF_8);
        FleetConfig c = FleetConfigCodec.read(yaml);

        assertEquals(YamlCodec.load(yaml), FleetConfigCodec.encode(c));
        assertEquals(YamlCodec.dump(YamlCodec.load(yaml)), new String(FleetConfigCodec.write(c), StandardCharsets.UTF_8),
                "written as the YAML codec writes the tree it read");
    }

    @Test
    void originsAreTypedKeptAcrossAConnectionChangeAndAnUnknownFormStaysAsRead() {
        String withOrigins = REAL_AGENT.replace("  path: \"\"\n", "  origins:\n    proxy_url: flag --proxy-url\n"
                + "    ssl.certificate_authorities: env FLEET_CA\n  path: \"\"\n");
        FleetConfig c = FleetConfigCodec.read(withOrigins.getBytes(StandardCharsets.UTF_8));

        assertEquals(SettingOrigins.Origin.flag("--proxy-url"), c.fleet().origins().of(SettingOrigins.PROXY_URL).orElseThrow());
        assertEquals(SettingOrigins.Origin.env("FLEET_CA"), c.fleet().origins().of(SettingOrigins.CAS).orElseThrow());
        assertEquals(YamlCodec.load(withOrigins.getBytes(StandardCharsets.UTF_8)), FleetConfigCodec.encode(c), "round trip");
        FleetConnection moved = FleetConfigCodec.connection(Map.of("protocol", "https", "host", "fleet-c.example:443"));
        Map<?, ?> fleet = (Map<?, ?>) FleetConfigCodec.encode(c.withFleet(c.fleet().withConnection(moved))).get("fleet");
        assertEquals(Map.of("proxy_url", "flag --proxy-url", "ssl.certificate_authorities", "env FLEET_CA"), fleet.get("origins"));

        String foreign = REAL_AGENT.replace("  path: \"\"\n", "  origins:\n    proxy_url: 42\n  path: \"\"\n");
        FleetConfig f = FleetConfigCodec.read(foreign.getBytes(StandardCharsets.UTF_8));
        assertTrue(f.fleet().origins().isEmpty());
        assertEquals(YamlCodec.load(foreign.getBytes(StandardCharsets.UTF_8)), FleetConfigCodec.encode(f), "kept as read");
    }

    @Test
    void theKnownKeysAreTyped() {
        FleetConfig c = FleetConfigCodec.read(REAL_AGENT.getBytes(StandardCharsets.UTF_8));

        assertEquals("5c1e0d27-5e8b-4a47-9f1a-8e3c1e2a4b11", c.agentId());
        assertTrue(c.fleetEnabled());
        assertEquals("a2V5OnNlY3JldA==", c.fleet().accessApiKey());
        assertEquals("on_state_change", c.fleet().checkin().mode());
        assertTrue(c.fleet().gzipCheckins());
        FleetConfig.FleetServer s = c.fleet().server();
        assertFalse(s.bootstrapping());
        assertEquals("fleet-server-policy", s.policyId());
        assertEquals(8221, s.internalPort());
        assertEquals(List.of("https://es.example:9200"), s.elasticsearch().get("hosts"));
        FleetConnection fc = c.fleet().connection().get();
        assertEquals(List.of(URI.create("https://fleet-a.example:8220"), URI.create("https://fleet-b.example:8220")), fc.hosts());
        assertEquals(URI.create("http://proxy.example:3128"), fc.proxy().url());
        assertEquals(VerificationMode.FULL, fc.tls().verificationMode());
        assertEquals(List.of("/etc/ca.pem"), fc.tls().certificateAuthorities());
    }

    @Test
    void aNewConnectionReplacesOnlyTheConnectionKeys() {
        FleetConfig c = FleetConfigCodec.read(REAL_AGENT.getBytes(StandardCharsets.UTF_8));
        FleetConnection moved = FleetConfigCodec.connection(Map.of("protocol", "https", "host", "fleet-c.example:443"));

        Map<String, Object> tree = FleetConfigCodec.encode(c.withFleet(c.fleet().withConnection(moved)));

        Map<?, ?> fleet = (Map<?, ?>) tree.get("fleet");
        assertEquals("fleet-c.example:443", fleet.get("host"));
        assertNull(fleet.get("proxy_url"));
        assertNull(fleet.get("hosts"));
        assertEquals("default", fleet.get("space.id"), "unknown keys stay");
        assertEquals(Map.of("max_connections", 100), ((Map<?, ?>) fleet.get("server")).get("instance_limits"));
        assertEquals(Map.of("enabled", true), tree.get("reload"));
    }

    @Test
    void aProxyHeaderYesIsWrittenSoThatAYaml11ReaderReadsTheStringYes() {
        FleetConfig c = FleetConfigCodec.read(REAL_AGENT.getBytes(StandardCharsets.UTF_8));
        FleetConnection proxied = FleetConfigCodec.connection(Map.of("protocol", "https", "host", "fleet.example:8220",
                "proxy_url", "http://proxy.example:3128", "proxy_headers", Map.of("X-Proxy-Test", "yes")));

        byte[] written = FleetConfigCodec.write(c.withFleet(c.fleet().withConnection(proxied)));

        Map<?, ?> yaml11 = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(written, StandardCharsets.UTF_8));
        assertEquals(Map.of("X-Proxy-Test", "yes"), ((Map<?, ?>) yaml11.get("fleet")).get("proxy_headers"), "not the boolean true");
        assertEquals(Map.of("X-Proxy-Test", "yes"), FleetConfigCodec.read(written).fleet().connection().get().proxy().headers());
    }

    @Test
    void anEmptyDocumentIsNotEnrolled() {
        FleetConfig c = FleetConfigCodec.read(new byte[0]);

        assertFalse(c.fleetEnabled());
        assertEquals("", c.agentId());
        assertEquals(Map.of(), FleetConfigCodec.encode(c));
    }
}
