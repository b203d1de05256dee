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

    /** Each command's --help comes from lib/help without picocli: it must be what picocli prints (the golden files). */
    @Test
    void everyCommandsHelpIsTheGoldenHelp() throws Exception {
        Path golden = Path.of(System.getProperty("elastic.agent.repo", ".."), "cli/src/test/resources/golden/help");
        List<Path> files;
        try (var list = Files.list(golden)) {
            files = list.filter(f -> f.toString().endsWith(".txt") && !f.getFileName().toString().contains("-")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "golden help files under " + golden);
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".txt", "");
            String[] args = name.equals("elastic-agent") ? new String[] {"--help"} : new String[] {name, "--help"};
            AgentProcess.Result r = bare().run(args);
            String expected = Files.readString(f);
            String stdout = expected.substring(expected.indexOf("--- stdout\n") + 11, expected.indexOf("--- stderr\n"));
            assertEquals(0, r.exitCode(), name + ": " + r);
            assertEquals(stdout, r.out(), name);
        }
    }

    /** version with its own flags only is answered without picocli; with a global flag it goes through picocli: same output. */
    @Test
    void versionPrintsTheSameWithAndWithoutTheCommandModel() {
        for (String[] flags : List.of(new String[] {"--binary-only"}, new String[] {"--binary-only", "--yaml"})) {
            AgentProcess.Result quick = bare().run(concat(new String[] {"version"}, flags));
            AgentProcess.Result parsed = bare().run(concat(new String[] {"version", "-e"}, flags));
            assertEquals(0, quick.exitCode(), quick.toString());
            assertEquals(parsed.out(), quick.out());
            assertEquals(parsed.err(), quick.err());
        }
        AgentProcess.Result quick = bare().run("version", "--path.socket", home.resolve("none.sock").toString());
        AgentProcess.Result noDaemon = bare().run("version");
        assertEquals(1, noDaemon.exitCode(), noDaemon.toString());
        assertEquals(quick.exitCode(), noDaemon.exitCode());
        assertTrue(noDaemon.err().startsWith("Error: could not get the daemon's version: "), noDaemon.toString());
        assertEquals(1, noDaemon.err().strip().lines().count(), noDaemon.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void completionTakesNoDescriptionsAsCobraDoes() throws Exception {
        AgentProcess.Result zsh = bare().run("completion", "zsh");
        AgentProcess.Result zshBare = bare().run("completion", "zsh", "--no-descriptions");
        assertEquals(0, zshBare.exitCode(), zshBare.toString());
        assertTrue(zsh.out().contains("'enroll:Enroll the Elastic Agent into Fleet.'"), zsh.out());
        assertTrue(zshBare.out().contains("    'enroll'\n") && !zshBare.out().contains("'enroll:"), zshBare.out());
        assertFalse(zshBare.out().contains("'--insecure["), zshBare.out());
        AgentProcess.Result bash = bare().run("completion", "bash");
        AgentProcess.Result bashBare = bare().run("completion", "bash", "--no-descriptions");
        assertEquals(0, bashBare.exitCode(), bashBare.toString());
        assertEquals(bash.out(), bashBare.out(), "bash completions carry no descriptions to leave out");
        Path script = home.resolve("elastic-agent.bash");
        Files.writeString(script, bashBare.out());
        Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), said);
    }

    @Test
    void theBundledRuntimeHasNoJdkTools() {
        assertTrue(Files.isExecutable(DIST.resolve("jre/bin/java")));
        assertFalse(Files.exists(DIST.resolve("jre/bin/javac")));
        assertFalse(Files.exists(DIST.resolve("jre/include")));
    }
}
