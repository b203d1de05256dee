package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.tls.VerificationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Combinations the real agent accepts (read in its enroll.go, enroll_cmd.go, install.go and the TLS library):
 * accepted here too, with exactly one warning line that names what wins or what is ignored.
 */
class AcceptedCombinationsTest {
    @TempDir
    Path home;

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        EnrollFlags flags;
    }

    /** The lines the flags print on standard error; a usage error is thrown, failing the test. */
    private static final class Notes {
        final StringWriter err = new StringWriter();
        final Usage usage = Usage.of(new PrintWriter(err, true));

        List<String> lines() {
            return err.toString().lines().toList();
        }
    }

    private static EnrollFlags parse(String args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args.trim().split("\\s+"));
        return h.flags;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            proxy url with proxy disabled | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --proxy-url=http://u:pw@p:3128 --proxy-disabled | --proxy-disabled wins: --proxy-url http://***@p:3128 is ignored
            pin with insecure             | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -i -p abc                           | --insecure wins: --ca-sha256 is ignored
            header without equals         | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --header=novalue --header=X-A=1   | --header "novalue" ignored: a header is key=value
            proxy header without equals   | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --proxy-header=bare                | --proxy-header "bare" ignored
            insecure http without insecure | --fleet-server-es=https://es:9200 --fleet-server-service-token=x --fleet-server-insecure-http | --fleet-server-insecure-http implies --insecure
            """)
    void acceptedWithOneWarning(String name, String args, String warning) {
        Notes u = new Notes();
        EnrollFlags flags = parse(args);
        flags.validate(u.usage, Map.of(), true);
        assertEquals(1, u.lines().size(), name + ": " + u.lines());
        assertTrue(u.lines().get(0).startsWith("Warning: ") && u.lines().get(0).contains(warning), name + ": " + u.lines());
        assertFalse(u.lines().get(0).contains("pw@"), "proxy credentials are not echoed: " + u.lines());
        flags.settings(u.usage, Map.of(), true, false);
        assertEquals(1, u.lines().size(), "building the settings warns no more: " + u.lines());
    }

    @Test
    void whatIsIgnoredIsNotUsed() {
        Notes u = new Notes();
        EnrollFlags flags = parse("--url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -i -p abc --proxy-url=http://p:3128 --proxy-disabled"
                + " --header=novalue --header=X-A=1");
        flags.validate(u.usage, Map.of(), true);
        EnrollmentSettings s = flags.settings(u.usage, Map.of(), true, false);
        assertEquals(VerificationMode.NONE, s.fleet().transport().tls().verificationMode());
        assertEquals(List.of(), s.fleet().transport().tls().caSha256(), "pins are dropped with --insecure");
        assertTrue(s.fleet().transport().proxy().disabled(), "no proxy");
        assertEquals(Map.of("X-A", "1"), s.fleet().headers(), "the header without '=' is skipped");
    }

    @Test
    void strayArgumentsAreIgnoredWithOneWarning() throws Exception {
        CliRunner.Outcome o = CliRunner.run("enroll", "--path.home", home.toString(), "--url", "https://fleet:8220", "-t", "a2V5aWQ6c2VjcmV0",
                "--insecure", "true", "--delay-enroll", "extra");
        assertEquals(0, o.code(), o.err());
        List<String> warnings = o.err().lines().filter(l -> l.startsWith("Warning: enroll takes no arguments")).toList();
        assertEquals(List.of("Warning: enroll takes no arguments; ignored: true extra"
                + " (a flag's value follows it, such as --url <url>; booleans take none)"), warnings, o.err());
        assertTrue(Files.exists(home.resolve("enroll.enc")), "the delayed enrollment was written: " + o.err());
    }

    @Test
    void anUnknownFlagIsStillAnError() {
        CliRunner.Outcome o = CliRunner.run("status", "--path.home", home.toString(), "--bogus");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--bogus"), o.err());
    }

    @Test
    void aStrayWordAfterTheRootIsStillAnUnknownCommand() {
        CliRunner.Outcome o = CliRunner.run("--path.home", home.toString(), "stauts");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("status"), "suggests the command: " + o.err());
    }
}
