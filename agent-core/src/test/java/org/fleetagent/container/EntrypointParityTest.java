package org.fleetagent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fleetagent.errors.AgentException;
import org.fleetagent.fleet.FleetConnection;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real entrypoint's environment helpers (container.go envWithDefault, envBool, setup_config.go
 * defaultAccessConfig), row by row: unset, set but empty, and the false words, for each kind of variable.
 */
class EntrypointParityTest {
    private static final String UNSET = null;

    /** A row: the variables (null value = unset), what is read, and what the real one reads. */
    static Stream<Arguments> rows() {
        Function<ContainerEnv, Object> enroll = ContainerEnv::enroll;
        Function<ContainerEnv, Object> fleetCa = e -> e.fleetCa().orElse("");
        Function<ContainerEnv, Object> state = e -> e.statePath().toString();
        Function<ContainerEnv, Object> config = e -> e.configPath().toString();
        Function<ContainerEnv, Object> logs = e -> e.logsPath().map(Path::toString).orElse("");
        Function<ContainerEnv, Object> tokenName = e -> e.withDefault("Default", "FLEET_TOKEN_NAME");
        Function<ContainerEnv, Object> kibanaHost = e -> e.withDefault("http://kibana:5601", "KIBANA_FLEET_HOST", "KIBANA_HOST");
        Function<ContainerEnv, Object> insecure = ContainerEnv::insecure;
        Function<ContainerEnv, Object> cloud = e -> e.flag("ELASTIC_AGENT_CLOUD");
        return Stream.of(
                row("FLEET_ENROLL unset", vars("FLEET_ENROLL", UNSET), enroll, false),
                row("FLEET_ENROLL empty", vars("FLEET_ENROLL", ""), enroll, false),
                row("FLEET_ENROLL=0", vars("FLEET_ENROLL", "0"), enroll, false),
                row("FLEET_ENROLL=false", vars("FLEET_ENROLL", "false"), enroll, false),
                row("FLEET_ENROLL=' 1' (isTrue does not trim)", vars("FLEET_ENROLL", " 1"), enroll, false),
                row("FLEET_ENROLL=Y", vars("FLEET_ENROLL", "Y"), enroll, true),
                row("FLEET_ENROLL=false, FLEET_SERVER_ENABLE=yes (envBool goes on)", vars("FLEET_ENROLL", "false", "FLEET_SERVER_ENABLE", "yes"), enroll, true),
                row("FLEET_INSECURE=0, FLEET_SERVER_INSECURE_HTTP=1", vars("FLEET_INSECURE", "0", "FLEET_SERVER_INSECURE_HTTP", "1"), insecure, true),
                row("ELASTIC_AGENT_CLOUD empty", vars("ELASTIC_AGENT_CLOUD", ""), cloud, false),
                row("ELASTIC_AGENT_CLOUD=true", vars("ELASTIC_AGENT_CLOUD", "true"), cloud, true),
                row("FLEET_CA unset: KIBANA_CA", vars("KIBANA_CA", "/k.pem", "ELASTICSEARCH_CA", "/e.pem"), fleetCa, "/k.pem"),
                row("FLEET_CA empty ends the chain", vars("FLEET_CA", "", "KIBANA_CA", "/k.pem"), fleetCa, ""),
                row("KIBANA_CA empty ends the chain", vars("KIBANA_CA", "", "ELASTICSEARCH_CA", "/e.pem"), fleetCa, ""),
                row("STATE_PATH unset", vars(), state, ContainerEnv.DEFAULT_STATE_PATH),
                row("STATE_PATH empty: the default", vars("STATE_PATH", ""), state, ContainerEnv.DEFAULT_STATE_PATH),
                row("CONFIG_PATH unset: STATE_PATH", vars("STATE_PATH", "/s"), config, "/s"),
                row("CONFIG_PATH empty: STATE_PATH", vars("STATE_PATH", "/s", "CONFIG_PATH", ""), config, "/s"),
                row("CONFIG_PATH set", vars("STATE_PATH", "/s", "CONFIG_PATH", "/c"), config, "/c"),
                row("LOGS_PATH empty: standard error", vars("LOGS_PATH", ""), logs, ""),
                row("LOGS_PATH set", vars("LOGS_PATH", "/l"), logs, "/l"),
                row("FLEET_TOKEN_NAME unset: Default", vars(), tokenName, "Default"),
                row("FLEET_TOKEN_NAME empty stays empty", vars("FLEET_TOKEN_NAME", ""), tokenName, ""),
                row("KIBANA_FLEET_HOST unset: KIBANA_HOST", vars("KIBANA_HOST", "http://k:1"), kibanaHost, "http://k:1"),
                row("KIBANA_FLEET_HOST empty hides KIBANA_HOST", vars("KIBANA_FLEET_HOST", "", "KIBANA_HOST", "http://k:1"), kibanaHost, ""),
                row("neither: the default", vars(), kibanaHost, "http://kibana:5601"));
    }

    private static Arguments row(String name, Map<String, String> env, Function<ContainerEnv, Object> read, Object expected) {
        return Arguments.of(name, env, read, expected);
    }

    private static Map<String, String> vars(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsAsTheRealEntrypoint(String name, Map<String, String> env, Function<ContainerEnv, Object> read, Object expected) {
        assertEquals(expected, read.apply(new ContainerEnv(env)), name);
    }

    @Test
    void setupFilesStandForTheirVariablesAndWinOverTheEnvironment(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("fleet-setup.yml"), String.join("\n",
                "fleet:", "  enroll: true", "  url: https://from-file:8220", "  headers:", "    X-A: \"1,2\"",
                "fleet_server:", "  elasticsearch:", "    host: http://es:9200", "kibana:", "  fleet:", "    host: http://kb:5601", ""));
        Files.writeString(config.resolve("credentials.yml"), "fleet:\n  enrollment_token: from-credentials\n");
        SetupFiles.Result r = SetupFiles.read(config);
        assertEquals(2, r.files().size());
        ContainerEnv e = new ContainerEnv(r.over(Map.of("FLEET_URL", "https://from-env:8220", "FLEET_ENROLL", "0")));
        assertTrue(e.enroll());
        assertEquals("https://from-file:8220", e.fleetUrl().orElseThrow());
        assertEquals("from-credentials", e.enrollmentToken().orElseThrow());
        assertEquals(Map.of("X-A", "1,2"), e.headers());
        assertEquals("http://es:9200", e.first("FLEET_SERVER_ELASTICSEARCH_HOST").orElseThrow());
        assertEquals("http://kb:5601", e.first("KIBANA_FLEET_HOST").orElseThrow());
    }

    @Test
    void noSetupFilesLeaveTheEnvironmentAndABrokenOneIsNamed(@TempDir Path config) throws Exception {
        assertEquals(Map.of("FLEET_URL", "x"), SetupFiles.read(config).over(Map.of("FLEET_URL", "x")));
        Files.writeString(config.resolve("credentials.yml"), "fleet: [unclosed\n");
        AgentException ex = assertThrows(AgentException.class, () -> SetupFiles.read(config));
        assertTrue(ex.getMessage().contains("credentials.yml is not valid YAML"), ex.getMessage());
    }

    @Test
    void theEnvironmentsTlsMaterialReplacesTheStoredOneOnEveryStart() {
        FleetConnection c = new FleetConnection(List.of(URI.create("https://fleet:8220")), Map.of(),
                new TlsSettings(List.of("/certs/old-ca.pem"), List.of(), VerificationMode.FULL, null, null, null),
                new ProxySettings(null, Map.of(), false, null), FleetConnection.ProxySource.NONE, false);
        FleetConfig.FleetServer server = new FleetConfig.FleetServer(false, "p", "0.0.0.0", 8220, 8221,
                Map.of("certificate", "/certs/old.crt", "key", "/certs/old.key"), Map.of(), Map.of());
        FleetConfig stored = new FleetConfig(new FleetConfig.Agent("id-1", Map.of()), new FleetConfig.Fleet(true, "k", null, null, null,
                FleetConfig.Connection.of(c), server, null, null, Map.of()), Map.of());

        EnvTlsOverrides.Result same = EnvTlsOverrides.apply(new ContainerEnv(Map.of("FLEET_CA", "/certs/old-ca.pem")), stored);
        assertEquals(List.of(), same.changed());

        EnvTlsOverrides.Result r = EnvTlsOverrides.apply(new ContainerEnv(Map.of("FLEET_CA", "/certs/new-ca.pem",
                "FLEET_SERVER_CERT", "/certs/new.crt", "FLEET_SERVER_CERT_KEY", "/certs/new.key")), stored);
        assertEquals(List.of("FLEET_CA", "FLEET_SERVER_CERT/FLEET_SERVER_CERT_KEY"), r.changed());
        FleetConnection after = r.config().fleet().connection().get();
        assertEquals(List.of("/certs/new-ca.pem"), after.tls().certificateAuthorities());
        assertEquals(c.hosts(), after.hosts());
        assertEquals("/certs/new.crt", r.config().fleet().server().ssl().get("certificate"));
        assertEquals("/certs/new.key", r.config().fleet().server().ssl().get("key"));
        assertEquals("id-1", r.config().agentId());
        assertEquals("k", r.config().fleet().accessApiKey());

        // unset or empty keeps what enrollment stored
        assertEquals(List.of(), EnvTlsOverrides.apply(new ContainerEnv(Map.of("FLEET_CA", "", "KIBANA_CA", "/x.pem")), stored).changed());
    }
}
