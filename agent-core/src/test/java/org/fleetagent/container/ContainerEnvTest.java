package org.fleetagent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"fleet", "fleet:8220", "ftp://fleet:8220", "https:///api"})
    void anEnrollmentsFleetUrlWithoutHttpSchemeAndHostIsRefusedBeforeAnythingElse(String url) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.fleetagent.errors.AgentException.class,
                () -> new ContainerEnv(Map.of("FLEET_ENROLL", "1", "FLEET_URL", url)).checkUrls());
        assertEquals(org.fleetagent.errors.ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("FLEET_URL must be an http:// or https:// URL with a host"), e.getMessage());
        new ContainerEnv(Map.of("FLEET_URL", url.replace("https://", "x"))).checkUrls(); // not enrolling: the value is never used
    }

    @org.junit.jupiter.api.Test
    void aBootstrapsElasticsearchHostNeedsAScheme() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.fleetagent.errors.AgentException.class,
                () -> new ContainerEnv(Map.of("FLEET_SERVER_ENABLE", "1", "ELASTICSEARCH_HOST", "elasticsearch:9200")).checkUrls());
        assertTrue(e.getMessage().startsWith("ELASTICSEARCH_HOST must be an http:// or https:// URL"), e.getMessage());
        new ContainerEnv(Map.of("FLEET_SERVER_ENABLE", "1", "ELASTICSEARCH_HOST", "http://elasticsearch:9200")).checkUrls();
    }

    @Test
    void precedenceChainsEndAtTheFirstVariableThatIsSetEvenEmpty() {
        // envWithDefault: os.LookupEnv's "ok" ends the chain, so FLEET_CA="" hides KIBANA_CA
        ContainerEnv e = new ContainerEnv(Map.of("KIBANA_CA", "/k.pem", "ELASTICSEARCH_CA", "/es.pem", "FLEET_CA", ""));
        assertEquals(Optional.empty(), e.fleetCa());
        assertEquals("FLEET_CA", e.source("FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA"));
        ContainerEnv unset = new ContainerEnv(Map.of("KIBANA_CA", "/k.pem", "ELASTICSEARCH_CA", "/es.pem"));
        assertEquals(Optional.of("/k.pem"), unset.fleetCa());
        assertEquals("KIBANA_CA", unset.source("FLEET_CA", "KIBANA_CA", "ELASTICSEARCH_CA"));
    }

    @Test
    void booleansAreGoIsTrueWords() {
        for (String yes : List.of("1", "true", "TRUE", "yes", "Y")) {
            assertTrue(new ContainerEnv(Map.of("FLEET_ENROLL", yes)).enroll(), yes);
        }
        for (String no : List.of("0", "false", "enable", "", " 1", "true ")) {
            assertFalse(new ContainerEnv(Map.of("FLEET_ENROLL", no)).enroll(), no);
        }
        assertTrue(new ContainerEnv(Map.of("FLEET_SERVER_ENABLE", "1")).enroll(), "a Fleet Server needs an enrollment");
        assertTrue(new ContainerEnv(Map.of("FLEET_SERVER_INSECURE_HTTP", "1")).insecure(), "plain-HTTP Fleet Server implies --insecure");
    }

    @Test
    void pathsDefaultUnderTheStatePath() {
        ContainerEnv e = new ContainerEnv(Map.of("STATE_PATH", "/state"));
        assertEquals(Path.of("/state"), e.configPath());
        assertTrue(e.logsPath().isEmpty());
        assertEquals(Path.of(ContainerEnv.DEFAULT_STATE_PATH), new ContainerEnv(Map.of()).statePath());
        ContainerSetup s = new ContainerSetup(e, Path.of("/nonexistent"));
        assertEquals(Path.of("/state/data"), s.paths().top());
        assertEquals(Path.of("/state"), s.paths().config());
    }

    @Test
    void headersAcceptQuotedCommas() {
        ContainerEnv e = new ContainerEnv(Map.of("FLEET_HEADER", "X-One=1", "FLEET_HEADERS", "X-Two=2,X-Three=\"a,b\""));
        assertEquals(Map.of("X-One", "1", "X-Two", "2", "X-Three", "a,b"), e.headers());
    }

    @Test
    void lintNamesTyposRemovedNamesBadBooleansAndDurations() {
        List<String> w = EnvLint.warnings(Map.of("FLEET_ENROL", "1", "KIBANA_FLEET_SETUP", "1", "FLEET_INSECURE", "enable",
                "FLEET_ENROLL_TIMEOUT", "ten minutes", "FLEET_URL", "https://x", "PATH", "/bin", "ELASTIC_AGENT_JAVA_OPTS", "-Xmx1g"));
        assertEquals(4, w.size(), w.toString());
        assertTrue(w.contains("FLEET_ENROL is not a variable the container reads; did you mean FLEET_ENROLL?"), w.toString());
        assertTrue(w.stream().anyMatch(l -> l.startsWith("KIBANA_FLEET_SETUP was removed")), w.toString());
        assertTrue(w.stream().anyMatch(l -> l.startsWith("FLEET_INSECURE=enable is not a boolean")), w.toString());
        assertTrue(w.stream().anyMatch(l -> l.startsWith("FLEET_ENROLL_TIMEOUT=ten minutes is not a duration")), w.toString());
    }

    @Test
    void theContainersOverlayRootAndTmpfsAreNotPersistent(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path mountinfo = tmp.resolve("mountinfo");
        java.nio.file.Files.writeString(mountinfo, String.join("\n",
                "100 90 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l",
                "101 100 0:51 / /dev/shm rw - tmpfs shm rw",
                "102 100 8:1 /vol /usr/share/elastic-agent/state rw - ext4 /dev/sda1 rw")) ;
        ContainerSetup s = new ContainerSetup(new ContainerEnv(Map.of()), mountinfo);
        assertTrue(s.ephemeralFilesystem(Path.of("/usr/share/elastic-agent/other")).orElse("").contains("overlay"));
        assertTrue(s.ephemeralFilesystem(Path.of("/dev/shm/state")).orElse("").contains("tmpfs"));
        assertEquals(Optional.empty(), s.ephemeralFilesystem(Path.of("/usr/share/elastic-agent/state")));
        assertEquals(Optional.empty(), s.ephemeralFilesystem(Path.of("/usr/share/elastic-agent/state/data")));
    }

    @Test
    void aHeaderEntryWithoutEqualsIsWarnedAboutOnceAndIgnored() {
        java.util.Map<String, String> env = java.util.Map.of("FLEET_HEADERS", "X-A=1,broken,X-B=\"2,3\"", "FLEET_HEADER", "alsobroken");
        java.util.List<String> w = EnvLint.warnings(env);
        assertEquals(java.util.List.of("FLEET_HEADER entry \"alsobroken\" is not key=value: it is ignored; write it as Header-Name=value",
                "FLEET_HEADERS entry \"broken\" is not key=value: it is ignored; write it as Header-Name=value"), w);
        assertEquals(java.util.Map.of("X-A", "1", "X-B", "2,3"), new ContainerEnv(env).headers());
    }

    @Test
    void aUrlVariableWithAPortOutOfRangeIsAUsageError() {
        org.fleetagent.errors.AgentException e = org.junit.jupiter.api.Assertions.assertThrows(org.fleetagent.errors.AgentException.class,
                () -> new ContainerEnv(java.util.Map.of("KIBANA_HOST", "http://kibana:70000")).checkUrls());
        assertEquals(org.fleetagent.errors.ExitCode.USAGE, e.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("KIBANA_HOST has port 70000"), e.getMessage());
    }
}
