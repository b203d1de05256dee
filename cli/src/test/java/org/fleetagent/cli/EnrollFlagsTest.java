package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of the enroll flags: each problem is exit 2 with one line naming the flag, and nothing is written. */
class EnrollFlagsTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing url                      | --enrollment-token=a2V5aWQ6c2VjcmV0                                                   | --url is required
            plain http without --insecure     | --url=http://fleet:8220 -t a2V5aWQ6c2VjcmV0                                            | --insecure
            url without host                  | --url=fleet -t a2V5aWQ6c2VjcmV0                                                        | --url must be
            missing token                     | --url=https://fleet:8220                                                              | enrollment token is required
            relative CA path                  | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -a ca.pem                                  | --certificate-authorities must be an absolute path
            cert without key                  | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --elastic-agent-cert=/c.pem                | give both or neither
            token and token path              | --fleet-server-es=https://es:9200 --fleet-server-service-token=x --fleet-server-service-token-path=/t | mutually exclusive
            bad client auth                   | --fleet-server-es=https://es:9200 --fleet-server-client-auth=always                     | none, optional or required
            short staging hash                | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --staging=abc                              | at least 8 characters
            delay enroll with fleet server    | --fleet-server-es=https://es:9200 --delay-enroll                                       | --delay-enroll cannot be used with --fleet-server-es
            bad proxy scheme                  | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --proxy-url=ftp://p:21                     | --proxy-url must be
            bad duration                      | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --enroll-timeout=10                        | invalid duration
            bad verification mode             | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --verification-mode=loose                | must be full, strict, certificate or none
            proxy cert without key            | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --proxy-cert=/p.pem                        | --proxy-cert and --proxy-cert-key go together
            pin that is no pin                | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -p abc                                     | --ca-sha256 "abc" is not a SHA-256 pin: give hex (64 digits
            SHA-1 pin                         | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -p A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4 | is 20 bytes long, a SHA-1 digest
            second pin bad                    | --url=https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -p 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=,x | --ca-sha256 "x" is not
            es nodes of two schemes           | --fleet-server-es=https://es1:9200,http://es2:9200 --fleet-server-service-token=x     | need the same scheme and path
            es nodes of two paths             | --fleet-server-es=https://es1:9200/a,https://es2:9200/b --fleet-server-service-token=x | need the same scheme and path
            es node without host              | --fleet-server-es=https://es1:9200,es2 --fleet-server-service-token=x                  | (several comma-separated; got "es2")
            truncated es fingerprint          | --fleet-server-es=https://es:9200 --fleet-server-service-token=x --fleet-server-es-ca-trusted-fingerprint=a1b2c3 | is not a SHA-256 certificate fingerprint
            SHA-1 es fingerprint              | --fleet-server-es=https://es:9200 --fleet-server-service-token=x --fleet-server-es-ca-trusted-fingerprint=a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4 | SHA-1
            """)
    void badFlagsAreUsageErrors(String name, String flags, String expected) throws Exception {
        String[] args = ("enroll --path.home " + home + " " + flags.trim()).split("\\s+");
        CliRunner.Outcome o = CliRunner.run(args);
        assertEquals(2, o.code(), name + ": " + o.err());
        assertTrue(o.err().contains(expected), name + ": expected '" + expected + "' in: " + o.err());
        assertTrue(o.err().startsWith("Error: "), o.err());
        assertFalse(o.err().contains("Exception"), "no stack trace: " + o.err());
        try (var files = Files.list(home)) {
            assertEquals(0, files.count(), "nothing written for a usage error");
        }
    }

    @Test
    void proxyUrlCredentialsAreNotEchoed() {
        CliRunner.Outcome o = CliRunner.run("enroll", "--url=https://fleet:8220", "-t", "a2V5aWQ6c2VjcmV0",
                "--proxy-url=gopher://user:hunter2@p:3128");
        assertEquals(2, o.code());
        assertFalse(o.err().contains("hunter2"), o.err());
    }

    @Test
    void helpListsTheRealFlagsAndExitCodes() {
        CliRunner.Outcome o = CliRunner.run("enroll", "--help");
        assertEquals(0, o.code());
        for (String flag : new String[] {"--url", "-t, --enrollment-token", "--fleet-server-es", "-a, --certificate-authorities",
                "-p, --ca-sha256", "-i, --insecure", "--proxy-url", "--proxy-header", "--proxy-disabled", "--delay-enroll",
                "--enroll-timeout", "--tag", "--header", "-f, --force", "--elastic-agent-cert-key-passphrase", "--path.home"}) {
            assertTrue(o.out().contains(flag), "help lacks " + flag);
        }
        assertFalse(o.out().contains("--from-install"), "hidden flags stay hidden");
        assertTrue(o.out().contains("Exit codes"), "help documents exit codes");
    }

    @Test
    void fleetServerBootstrapNeedsAServiceToken() {
        CliRunner.Outcome noToken = CliRunner.run("enroll", "--path.home", home.toString(), "--fleet-server-es=https://es:9200");
        assertEquals(2, noToken.code(), noToken.err());
        assertTrue(noToken.err().contains("--fleet-server-service-token"), noToken.err());
    }
}
