package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.Teardown;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.TestPki;
import org.fleetagent.fixtures.proxy.SocksProxy;
import org.fleetagent.fixtures.proxy.SquidProxy;
import org.fleetagent.fixtures.proxy.StunnelProxy;
import org.fleetagent.fixtures.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Enrollment through real proxies: squid (explicit and from the environment) and a secure proxy gateway
 * (stunnel demanding client certificates, in front of squid), with the launcher run as a process.
 */
class ProxyIT {
    @TempDir
    Path dir;

    private final AgentProcess agent = AgentProcess.launcher();
    private NamedFleet named;
    private FleetServerFixture fleet;

    @BeforeEach
    void start() throws Exception {
        named = NamedFleet.in(dir, agent);
    }

    @AfterEach
    void stop() throws Exception {
        Teardown.close(fleet);
    }

    private void startFleet(ClientAuth auth) {
        fleet = NamedFleet.start(named.pki(), auth);
    }

    /** {@code enroll} into the fixture by its name, trusting the test CA, with {@code flags}, into {@code home}. */
    private List<String> enroll(Path home, String... flags) {
        List<String> args = new ArrayList<>(List.of("enroll", "--url", NamedFleet.url(fleet), "-t", fleet.enrollmentToken(),
                "-a", named.ca().toString()));
        args.addAll(List.of(flags));
        args.addAll(List.of("--path.home", home.toString()));
        return args;
    }

    @Test
    void enrollsThroughSquidWithTheProxyHeadersOnTheConnect() throws Exception {
        startFleet(ClientAuth.NONE);
        try (SquidProxy squid = SquidProxy.start(List.of("X-Trace", "X-Team", "X-Proxy-Test"), null, named.hosts())) {
            Path home = dir.resolve("home");
            AgentProcess.Result r = agent.run(enroll(home, "--proxy-url", squid.url(), "--proxy-header", "X-Trace=e2e-1",
                    "--proxy-header", "X-Team=fleet", "--proxy-header", "X-Proxy-Test=yes"));
            assertEquals(0, r.exitCode(), r.toString());

            List<String> log = squid.awaitLogLine("CONNECT " + NamedFleet.NAME + ":" + fleet.port(), Duration.ofSeconds(10));
            String connect = log.stream().filter(l -> l.contains("CONNECT " + NamedFleet.NAME)).findFirst().orElseThrow();
            assertTrue(connect.contains("X-Trace=\"e2e-1\""), connect);
            assertTrue(connect.contains("X-Team=\"fleet\""), connect);
            assertTrue(connect.contains("X-Proxy-Test=\"yes\""), connect);

            Map<?, ?> f = fleetSection(home);
            assertEquals(squid.url(), f.get("proxy_url"));
            Map<String, String> headers = Map.of("X-Trace", "e2e-1", "X-Team", "fleet", "X-Proxy-Test", "yes");
            assertEquals(headers, f.get("proxy_headers"));
            Map<?, ?> yaml11 = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).<Map<?, ?>>load(ReferenceFleetEnc.decrypt(home)).get("fleet");
            assertEquals(headers, yaml11.get("proxy_headers"), "a YAML 1.1 reader, as the real agent's, reads the header value yes as a string");
            assertEquals("https", f.get("protocol"));
            assertEquals(NamedFleet.NAME + ":" + fleet.port(), f.get("host"));
            Map<?, ?> ssl = (Map<?, ?>) f.get("ssl");
            assertEquals("full", ssl.get("verification_mode"));
            assertEquals(List.of(named.ca().toString()), ssl.get("certificate_authorities"));
            assertFalse(f.containsKey("proxy_disable"));
        }
    }

    @Test
    void enrollsThroughTheProxyNamedInHttpsProxy() throws Exception {
        startFleet(ClientAuth.NONE);
        try (SquidProxy squid = SquidProxy.start(List.of("X-Trace"), null, named.hosts())) {
            Path home = dir.resolve("home");
            AgentProcess.Result r = agent.env("HTTPS_PROXY", squid.url()).run(enroll(home));
            assertEquals(0, r.exitCode(), r.toString());
            squid.awaitLogLine("CONNECT " + NamedFleet.NAME + ":" + fleet.port(), Duration.ofSeconds(10));
            assertFalse(fleetSection(home).containsKey("proxy_url"), "a proxy from the environment is not written to fleet.enc");
        }
    }

    @Test
    void proxyDisabledGoesDirectAlthoughTheEnvironmentNamesAProxy() throws Exception {
        startFleet(ClientAuth.NONE);
        try (SquidProxy squid = SquidProxy.start(List.of("X-Trace"), null, named.hosts())) {
            Path home = dir.resolve("home");
            AgentProcess.Result r = agent.env("HTTPS_PROXY", squid.url()).run(enroll(home, "--proxy-disabled"));
            assertEquals(0, r.exitCode(), r.toString());
            // squid logs a request when it ends, which for one that went through it is by now or very soon after
            Waits.stays("nothing from the agent in squid's log", Duration.ofMillis(500),
                    () -> squid.accessLog().stream().noneMatch(l -> l.contains(NamedFleet.NAME)));
            assertEquals(true, fleetSection(home).get("proxy_disable"));
        }
    }

    @Test
    void secureProxyGatewayWithMutualTlsToTheProxyAndToFleet() throws Exception {
        startFleet(ClientAuth.REQUIRED);
        Path cert = named.pki().client().writeChain(dir.resolve("client.pem"));
        Path key = named.pki().client().writeKey(dir.resolve("client.key"), KeyFormat.PKCS8);
        Path gwCert = named.pki().server().writeChain(dir.resolve("gw.pem"));
        Path gwKey = named.pki().server().writeKey(dir.resolve("gw.key"), KeyFormat.PKCS8);
        try (SquidProxy squid = SquidProxy.start(List.of("X-Trace"), null, named.hosts());
             StunnelProxy gateway = StunnelProxy.start(gwCert, gwKey, named.ca(), squid.port())) {
            Path home = dir.resolve("home");
            AgentProcess.Result r = agent.run(enroll(home, "--elastic-agent-cert", cert.toString(), "--elastic-agent-cert-key", key.toString(),
                    "--proxy-url", gateway.url(), "--proxy-header", "X-Trace=gateway"));
            assertEquals(0, r.exitCode(), r.toString() + "\nstunnel: " + gateway.log());
            String connect = squid.awaitLogLine("CONNECT " + NamedFleet.NAME, Duration.ofSeconds(10)).stream()
                    .filter(l -> l.contains("CONNECT " + NamedFleet.NAME)).findFirst().orElseThrow();
            assertTrue(connect.contains("X-Trace=\"gateway\""), connect);
            Map<?, ?> f = fleetSection(home);
            assertEquals(gateway.url(), f.get("proxy_url"));
            assertEquals(cert.toString(), ((Map<?, ?>) f.get("ssl")).get("certificate"));
            assertEquals(key.toString(), ((Map<?, ?>) f.get("ssl")).get("key"));

            Path home2 = dir.resolve("home2");
            AgentProcess.Result without = agent.run(enroll(home2, "--proxy-url", gateway.url()));
            assertEquals(4, without.exitCode(), without.toString());
            assertTrue(without.err().contains("the proxy " + gateway.url()), "names the proxy: " + without);
            assertTrue(without.err().contains("client certificate"), without.toString());
            assertFalse(Files.exists(home2.resolve("fleet.enc")));
        }
    }

    @Test
    void theProxyHopCanHaveItsOwnCaAndClientCertificate() throws Exception {
        startFleet(ClientAuth.NONE);
        TestPki gatewayPki = TestPki.builder().serverDnsNames("localhost").build();
        Path gwCa = gatewayPki.rootCa().writeCertificate(dir.resolve("gw-ca.pem"));
        Path gwCert = gatewayPki.server().writeChain(dir.resolve("gw.pem"));
        Path gwKey = gatewayPki.server().writeKey(dir.resolve("gw.key"), KeyFormat.PKCS8);
        Path proxyClientCert = gatewayPki.client().writeChain(dir.resolve("pc.pem"));
        Path proxyClientKey = gatewayPki.client().writeKey(dir.resolve("pc.key"), KeyFormat.PKCS1);
        try (SquidProxy squid = SquidProxy.start(List.of("X-Trace"), null, named.hosts());
             StunnelProxy gateway = StunnelProxy.start(gwCert, gwKey, gwCa, squid.port())) {
            Path home = dir.resolve("home");
            AgentProcess.Result r = agent.run(enroll(home, "--proxy-url", gateway.url(), "--proxy-ca", gwCa.toString(),
                    "--proxy-cert", proxyClientCert.toString(), "--proxy-cert-key", proxyClientKey.toString()));
            assertEquals(0, r.exitCode(), r.toString() + "\nstunnel: " + gateway.log());
            Map<?, ?> proxySsl = (Map<?, ?>) fleetSection(home).get("proxy_ssl");
            assertEquals(List.of(gwCa.toString()), proxySsl.get("certificate_authorities"));
            assertEquals(proxyClientCert.toString(), proxySsl.get("certificate"));
        }
    }

    @Test
    void enrollsThroughASocks5Proxy() throws Exception {
        startFleet(ClientAuth.NONE);
        try (SocksProxy socks = SocksProxy.start()) {
            Path home = dir.resolve("home");
            AgentProcess.Result r = agent.run("enroll", "--url", "https://localhost:" + fleet.port(), "-t", fleet.enrollmentToken(),
                    "-a", named.ca().toString(), "--proxy-url", socks.url(), "--path.home", home.toString());
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(socks.log().contains("." + fleet.port()), "the connection went through the SOCKS proxy: " + socks.log());
            assertEquals(socks.url(), fleetSection(home).get("proxy_url"));
        }
    }

    @Test
    void aProxyThatRefusesTheTunnelIsNamedWithItsStatus() throws Exception {
        startFleet(ClientAuth.NONE);
        try (SquidProxy squid = SquidProxy.start(List.of("X-Trace"), "agent:s3cret", named.hosts())) {
            Path home = dir.resolve("home");
            AgentProcess.Result noCreds = agent.run(enroll(home, "--proxy-url", squid.url()));
            assertEquals(3, noCreds.exitCode(), noCreds.toString());
            assertTrue(noCreds.err().contains("407"), noCreds.toString());
            assertTrue(noCreds.err().contains(squid.url()), noCreds.toString());

            String withCreds = "http://agent:s3cret@127.0.0.1:" + squid.port();
            AgentProcess.Result ok = agent.run(enroll(home, "--proxy-url", withCreds));
            assertEquals(0, ok.exitCode(), ok.toString());
            assertFalse(ok.all().contains("s3cret"), "proxy credentials are not printed");
        }
    }

    private static Map<?, ?> fleetSection(Path home) throws Exception {
        Map<?, ?> doc = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(ReferenceFleetEnc.decrypt(home));
        return (Map<?, ?>) doc.get("fleet");
    }
}
