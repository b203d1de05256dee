package org.fleetagent.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigStore;
import org.fleetagent.store.SettingOrigins;
import org.fleetagent.tls.SelfSignedAuthority;
import org.fleetagent.tls.ServerContexts;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FleetRecovery} against Fleet Servers on the loopback (MockWebServer) and a daemon stand-in. */
class FleetRecoveryTest {
    private static final String STATUS = "{\"name\":\"fleet-server\",\"status\":\"HEALTHY\"}";

    @TempDir
    Path home;

    private final List<MockWebServer> servers = new ArrayList<>();
    private final List<Duration> restarts = new ArrayList<>();
    private AgentPaths paths;
    private MockWebServer fleetA;

    @BeforeEach
    void enroll() throws Exception {
        paths = AgentPaths.of(home, null, null, null, null);
        fleetA = fleet(null);
        Map<String, Object> fleet = new LinkedHashMap<>(Map.of("enabled", true, "access_api_key", "a2V5OnNlY3JldA==",
                "protocol", "http", "host", "127.0.0.1:" + fleetA.getPort(), "timeout", "10m0s"));
        new FleetConfigStore(paths).saveEnrolled(Map.of("agent", Map.of("id", "agent-1"), "fleet", fleet));
    }

    @AfterEach
    void stop() {
        servers.forEach(MockWebServer::close);
    }

    /** A Fleet Server answering every request with a healthy status (and every CONNECT with 200, as a proxy does). */
    private MockWebServer fleet(SSLContext tls) throws Exception {
        MockWebServer s = new MockWebServer();
        s.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(STATUS).build();
            }
        });
        if (tls != null) {
            s.useHttps(tls.getSocketFactory());
        }
        s.start();
        servers.add(s);
        return s;
    }

    private FleetRecovery recovery() {
        return new FleetRecovery(paths, Map.of(), Clock.systemUTC(), timeout -> {
            restarts.add(timeout);
            return new DaemonRestart.Restarted(true, "Connected to Fleet");
        });
    }

    private FleetConnection stored() {
        return new FleetConfigStore(paths).read().fleet().connection().get();
    }

    private SettingOrigins origins() {
        return new FleetConfigStore(paths).read().fleet().origins();
    }

    /** Every file of the home with the SHA-256 of its bytes. */
    private Map<String, String> hashes() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(home.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    private static URI url(MockWebServer s) {
        return URI.create("http://127.0.0.1:" + s.getPort());
    }

    @Test
    void setUrlProbesStoresKeepsThePreviousRecordsTheOriginAndRestarts() throws Exception {
        MockWebServer fleetB = fleet(null);
        FleetRecovery.Outcome o = recovery().apply(new FleetChange.Url(url(fleetB)), Duration.ofSeconds(30));

        assertEquals(List.of(url(fleetB)), stored().hosts());
        assertEquals(SettingOrigins.Origin.command("fleet set-url"), origins().of(SettingOrigins.URL).orElseThrow());
        assertTrue(fleetB.getRequestCount() >= 1, "the new Fleet Server was probed");
        assertEquals(List.of(Duration.ofSeconds(30)), restarts, "one restart, with the command's timeout");
        assertTrue(o.daemon().running());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.fleetEncPrevious())));
        FleetConfig previous = new FleetConfigStore(paths).readPrevious().orElseThrow();
        assertEquals(List.of(url(fleetA)), previous.fleet().connection().get().hosts());
        assertFalse(Files.readString(paths.fleetEncPrevious(), StandardCharsets.ISO_8859_1).contains("a2V5OnNlY3JldA=="), "kept encrypted");
    }

    @Test
    void undoReturnsToThePreviousSettingsAndUndoAgainRedoes() throws Exception {
        MockWebServer fleetB = fleet(null);
        recovery().apply(new FleetChange.Url(url(fleetB)), Duration.ofSeconds(30));

        FleetRecovery.Outcome back = recovery().undo(Duration.ofSeconds(30));
        assertEquals(List.of(url(fleetA)), stored().hosts());
        assertTrue(back.changed().contains(url(fleetA).toString()), back.changed());
        assertTrue(origins().of(SettingOrigins.URL).isEmpty(), "the origin is the previous one too");

        recovery().undo(Duration.ofSeconds(30));
        assertEquals(List.of(url(fleetB)), stored().hosts());
        assertEquals(3, restarts.size());
    }

    @Test
    void setProxyGoesThroughTheProxyAndNoneDisablesEveryProxy() throws Exception {
        MockWebServer proxy = fleet(null);
        recovery().apply(new FleetChange.Proxy(url(proxy)), Duration.ofSeconds(30));
        assertEquals(url(proxy), stored().proxy().url());
        assertEquals(FleetConnection.ProxySource.CLI, stored().proxySource());
        assertTrue(proxy.getRequestCount() >= 1, "the probe went through the proxy");
        assertEquals(SettingOrigins.Origin.command("fleet set-proxy"), origins().of(SettingOrigins.PROXY_URL).orElseThrow());

        recovery().apply(new FleetChange.Proxy(null), Duration.ofSeconds(30));
        assertNull(stored().proxy().url());
        assertTrue(stored().proxy().disabled());
        assertTrue(origins().of(SettingOrigins.PROXY_URL).isEmpty());
        assertEquals(SettingOrigins.Origin.command("fleet set-proxy --none"), origins().of(SettingOrigins.PROXY_DISABLE).orElseThrow());
    }

    @Test
    void setCaTrustsTheRotatedCaAndSetCertStoresTheCertificateKeyAndPassphraseAsOneUnit() throws Exception {
        SelfSignedAuthority rotated = SelfSignedAuthority.create("localhost");
        MockWebServer tlsFleet = fleet(ServerContexts.of(rotated, false));
        Path ca = Files.writeString(home.resolve("rotated-ca.pem"), rotated.caPem());
        Path old = Files.writeString(home.resolve("old-ca.pem"), SelfSignedAuthority.create("localhost").caPem());
        FleetConfigStore store = new FleetConfigStore(paths);
        FleetConfig doc = store.read();
        store.write(doc.withFleet(doc.fleet().withConnection(new FleetConnection(List.of(URI.create("https://localhost:" + tlsFleet.getPort())),
                Map.of(), new TlsSettings(List.of(old.toString()), List.of(), VerificationMode.FULL, null, null, null),
                ProxySettings.fromEnvironment(), FleetConnection.ProxySource.NONE, false))));
        Map<String, String> before = hashes();
        AgentException e = fail(ExitCode.TLS, () -> recovery().apply(new FleetChange.Ca(old), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("the new setting does not work, nothing was changed: tls: "), e.getMessage());
        assertEquals(before, hashes());
        recovery().apply(new FleetChange.Ca(ca), Duration.ofSeconds(30));
        assertEquals(List.of(ca.toAbsolutePath().toString()), stored().tls().certificateAuthorities());
        assertEquals(SettingOrigins.Origin.command("fleet set-ca"), origins().of(SettingOrigins.CAS).orElseThrow());

        Path cert = Files.writeString(home.resolve("client.pem"), rotated.certPem());
        Path key = Files.writeString(home.resolve("client.key"), rotated.keyPem());
        recovery().apply(new FleetChange.Cert(cert, key, null), Duration.ofSeconds(30));
        assertEquals(cert.toAbsolutePath().toString(), stored().tls().certificate());
        assertEquals(key.toAbsolutePath().toString(), stored().tls().key());
        assertEquals(SettingOrigins.Origin.command("fleet set-cert"), origins().of(SettingOrigins.CERT).orElseThrow());
        assertEquals(2, restarts.size());
    }

    @Test
    void aFailingProbeChangesNothing() throws Exception {
        Map<String, String> before = hashes();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        AgentException e = fail(ExitCode.UNREACHABLE, () -> recovery().apply(new FleetChange.Url(URI.create("http://127.0.0.1:" + closed)),
                Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("the new setting does not work, nothing was changed: tcp: "), e.getMessage());
        fail(ExitCode.UNREACHABLE, () -> recovery().apply(new FleetChange.Proxy(URI.create("http://127.0.0.1:" + closed)), Duration.ofSeconds(5)));
        fail(ExitCode.USAGE, () -> recovery().apply(new FleetChange.Ca(home.resolve("missing.pem")), Duration.ofSeconds(5)));
        assertEquals(before, hashes(), "no file changed");
        assertEquals(List.of(), restarts, "the daemon was not restarted");
        assertFalse(Files.exists(paths.fleetEncPrevious()));
    }

    @Test
    void undoWithoutAPreviousConfigurationSaysThereIsNothingToUndo() throws Exception {
        Map<String, String> before = hashes();
        AgentException e = fail(ExitCode.FAILURE, () -> recovery().undo(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("there is nothing to undo: no 'elastic-agent fleet set-…' has changed"), e.getMessage());
        assertEquals(before, hashes());
        assertEquals(List.of(), restarts);
    }

    @Test
    void undoAfterAnotherEnrollmentDoesNotBringBackTheOldCredentials() throws Exception {
        recovery().apply(new FleetChange.Url(url(fleet(null))), Duration.ofSeconds(30));
        FleetConfigStore store = new FleetConfigStore(paths);
        FleetConfig doc = store.read();
        FleetConfig.Fleet f = doc.fleet();
        store.write(doc.withFleet(new FleetConfig.Fleet(f.enabled(), "bmV3OmtleQ==", f.enrollmentTokenHash(), f.replaceTokenHash(),
                f.replaceToken(), f.connection(), f.server(), f.checkin(), f.origins(), f.other())));
        AgentException e = fail(ExitCode.FAILURE, () -> recovery().undo(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("belong to an earlier enrollment"), e.getMessage());
        assertEquals(1, restarts.size());
    }

    @Test
    void anAgentThatIsNotEnrolledIsToldToEnroll() throws Exception {
        Files.delete(paths.fleetEnc());
        AgentException e = fail(ExitCode.USAGE, () -> recovery().apply(new FleetChange.Url(url(fleetA)), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("enroll it with 'elastic-agent enroll'"), e.getMessage());
    }

    private static AgentException fail(ExitCode code, org.junit.jupiter.api.function.Executable run) {
        AgentException e = assertThrows(AgentException.class, run);
        assertEquals(code, e.exitCode(), e.getMessage());
        return e;
    }
}
