package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line registers only the commands an invocation names, and still helps when it names none. */
class CliTest {
    @Test
    void onlyTheNamedCommandIsRegistered() {
        assertEquals(List.of(EnrollCommand.class), Cli.subcommandsFor(new String[] {"--path.home", "/tmp/x", "enroll", "--url", "https://f"}));
        assertEquals(List.of(VersionCommand.class), Cli.subcommandsFor(new String[] {"version", "--binary-only"}));
    }

    @Test
    void repeatedFlagsAndValuesAreFine() {
        assertEquals(List.of(EnrollCommand.class), Cli.subcommandsFor(new String[] {"enroll", "--tag", "a", "--tag", "a", "--url", "https://f"}));
        CliRunner.Outcome o = CliRunner.run("enroll", "--tag", "x", "--tag", "x", "--bogus");
        assertEquals(2, o.code(), "a usage error, not a crash: " + o.err());
        assertTrue(o.err().contains("--bogus"), o.err());
    }

    @Test
    void theUsageWithoutACommandListsEveryCommand() {
        CliRunner.Outcome o = CliRunner.run("--help");
        assertEquals(0, o.code());
        for (String name : List.of("version", "install", "uninstall", "container", "enroll", "run", "status", "restart", "inspect",
                "logs", "diagnostics", "help")) {
            assertTrue(o.out().contains("\n  " + name + " "), name + " missing from:\n" + o.out());
        }
    }

    @Test
    void realCommandsWeDoNotHaveAreListedNowhereAndRefusedAsUsageErrors() {
        String usage = CliRunner.run("--help").out() + CliRunner.run("help").out();
        for (String name : List.of("upgrade", "watch", "otel", "component", "reexec_windows")) {
            assertTrue(!usage.contains("\n  " + name + " "), name + " must not be listed:\n" + usage);
            CliRunner.Outcome o = CliRunner.run(name);
            assertEquals(2, o.code(), name + ": " + o.err());
        }
    }

    @Test
    void helpOfACommandIsItsUsage() {
        CliRunner.Outcome help = CliRunner.run("help", "status");
        assertEquals(0, help.code(), help.err());
        assertEquals(CliRunner.run("status", "--help").out(), help.out());
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatSuggestsTheRightOne() {
        CliRunner.Outcome o = CliRunner.run("enrol", "--url", "https://fleet:8220");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("enroll"), o.err());
    }

    @Test
    void aNamedCommandStillRunsWithGlobalOptionsBeforeIt() {
        CliRunner.Outcome o = CliRunner.run("-v", "version", "--binary-only");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("Binary: "), o.out());
    }
}
