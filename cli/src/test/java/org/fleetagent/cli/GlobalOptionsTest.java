package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The global flags as the real agent defines them (Go flags turned into pflag flags: a one-letter name is both
 * {@code -x} and {@code --x}; {@code -d} repeats; {@code --path.socket} takes a path or a {@code unix://} URL).
 */
class GlobalOptionsTest {
    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        GlobalOptions global;
    }

    private static GlobalOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.global;
    }

    @Test
    void theLongFormsOfTheOneLetterFlagsAreAccepted() {
        GlobalOptions g = parse("--path.home", "/h", "--c", "other.yml", "--e", "--v", "--d", "a", "--d=b,c");
        assertTrue(g.logToStderr);
        assertTrue(g.verbose);
        assertEquals(List.of("a", "b", "c"), g.debugSelectors);
        assertTrue(g.debugLogging());
        assertEquals(Path.of("/h/other.yml"), g.paths().configFile());
    }

    @Test
    void debugSelectorsRepeatAndNoneMeansInfo() {
        assertEquals(List.of("x", "y"), parse("-d", "x", "-d", "y").debugSelectors);
        assertFalse(parse().debugLogging());
    }

    @ParameterizedTest(name = "-c {0}")
    @CsvSource({
            "elastic-agent.yml, /h/conf/elastic-agent.yml",
            "other.yml, /h/conf/other.yml",
            "sub/other.yml, /h/conf/sub/other.yml",
            "/etc/agent.yml, /etc/agent.yml",
    })
    void theConfigFileIsRelativeToPathConfigUnlessAbsolute(String flag, String expected) {
        GlobalOptions g = parse("--path.home", "/h", "--path.config", "/h/conf", "-c", flag);
        assertEquals(Path.of(expected), g.paths().configFile());
        assertEquals(Path.of(expected), parse("--path.home", "/h", "--path.config", "/h/conf", "--config", flag).paths().configFile());
    }

    @Test
    void aUnixUrlNamesTheSocketPath() {
        assertEquals(Path.of("/run/ea.sock"), parse("--path.home", "/h", "--path.socket", "unix:///run/ea.sock").paths().socket());
        assertEquals(Path.of("/run/ea.sock"), parse("--path.home", "/h", "--path.socket", "/run/ea.sock").paths().socket());
    }

    @ParameterizedTest
    @CsvSource({"npipe:///elastic-agent-system, Windows named pipe", "http://localhost:6789, is not a socket path", "unix://, needs the socket's path"})
    void otherSocketFormsAreRefusedClearly(String value, String message) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse("--path.socket", value));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("unix:///run/elastic-agent.sock"), "names the fix: " + e.getMessage());
    }

    @Test
    void theEnvironmentTakesTheRealNamesOnly() {
        assertEquals("container", parse("--environment", "Container").environment);
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse("--environment", "cloud"));
        assertTrue(e.getMessage().contains("'cloud' is not supported: use default, systemd, container"), e.getMessage());
    }

    @Test
    void runTakesTheFleetInitTimeout() {
        CommandLine cl = Cli.create(new CliContext(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), java.util.Map.of(), false), new String[] {"run"});
        CommandLine.ParseResult r = cl.parseArgs("run", "--fleet-init-timeout", "1m30s", "--e");
        RunCommand run = (RunCommand) r.subcommand().commandSpec().userObject();
        assertEquals(java.time.Duration.ofSeconds(90), run.fleetInitTimeout);
    }
}
