package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher and the bundled runtime: nothing from the host's Java is needed or consulted. */
class LauncherIT {
    private static final Path DIST = Path.of(System.getProperty("elastic.agent.dist", "."));

    @TempDir
    Path home;

    /** Nothing set but a PATH without java: what a fresh host or the base image has. */
    private static AgentProcess bare() {
        AgentProcess agent = AgentProcess.launcher();
        System.getenv().keySet().forEach(k -> agent.env(k, null));
        return agent.env("PATH", "/usr/bin:/bin").env("JAVA_HOME", null);
    }

    @Test
    // --binary-only: without a daemon plain version exits 1, as the real one
    void versionAndEnrollRunOnTheBundledRuntimeWithNoJavaConfigured() {
        AgentProcess.Result v = bare().run("version", "--binary-only");
        assertEquals(0, v.exitCode(), v.toString());
        assertTrue(v.out().startsWith("Binary: "), v.toString());

        try (FleetServerFixture fleet = FleetServerFixture.builder().build().start()) {
            AgentProcess.Result r = bare().env("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken())
                    .run("enroll", "--url", fleet.url(), "--insecure", "--path.home", home.toString());
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(1, fleet.agents().size(), r.toString());
        }
    }

    @Test
    void aJavaHomeOfAnOldRuntimeIsIgnored() {
        AgentProcess.Result v = bare().env("JAVA_HOME", "/nonexistent").run("version", "--binary-only");
        assertEquals(0, v.exitCode(), v.toString());
    }

    @Test
    void anOverrideOlderThanJava21IsNamedInOneLine() {
        Path java17 = List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64").stream()
                .map(h -> Path.of(h, "bin", "java")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(java17 != null, "no Java 17 runtime under /usr/lib/jvm to point ELASTIC_AGENT_JAVA at");
        AgentProcess.Result r = bare().env("ELASTIC_AGENT_JAVA", java17.toString()).run("version");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("", r.out(), r.toString());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains("is version 17.") && err.contains("needs Java 21 or newer"), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void anOverrideThatIsNoJavaIsNamed() {
        AgentProcess.Result r = bare().env("ELASTIC_AGENT_JAVA", "/nonexistent/java").run("version");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("ELASTIC_AGENT_JAVA=/nonexistent/java is not an executable java"), r.toString());
    }

    @Test
    void theBundledRuntimeHasNoJdkTools() {
        assertTrue(Files.isExecutable(DIST.resolve("jre/bin/java")));
        assertFalse(Files.exists(DIST.resolve("jre/bin/javac")));
        assertFalse(Files.exists(DIST.resolve("jre/include")));
    }
}
