package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.fleet.InjectedResponse;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.fixtures.pki.KeyFormat;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input as a table, each row run through the packaged launcher: arguments, environment, files in the home and
 * Fleet's reply in, exactly one line on stderr naming the cause and the fix, the documented exit code, the home
 * byte for byte as it was and no agent in Fleet out. Fleet is the TLS fixture, so that no row needs
 * {@code --insecure} (whose warning would be a second line).
 */
class BadInputIT {
    /** picocli's pointer to the help follows every usage error; it is not a second cause. */
    private static final String HELP_HINT = "Run '";

    @TempDir
    static Path shared;

    private static final AgentProcess AGENT = AgentProcess.launcher();
    private static FleetServerFixture fleet;
    private static Path ca;
    private static Path clientCert;
    private static Path encryptedKey;
    private static Path wrongPassphrase;
    private static ServerSocket closer;
    private static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.builder().serverDnsNames("localhost").serverIpAddresses("127.0.0.1").build();
        ca = pki.rootCa().writeCertificate(shared.resolve("ca.pem"));
        clientCert = pki.client().writeChain(shared.resolve("client.pem"));
        encryptedKey = pki.client().writeKey(shared.resolve("client.key"), KeyFormat.ENCRYPTED_PKCS8, "right-pass".toCharArray());
        wrongPassphrase = Files.writeString(shared.resolve("wrong.pass"), "wrong-pass");
        var ctx = SslContexts.of(pki.server().privateKey(), pki.server().chain(), List.of(pki.rootCa().certificate()));
        fleet = FleetServerFixture.builder().tls(ctx, ClientAuth.NONE).build().start();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // a peer that accepts and hangs up at once: a closed connection, not a refused one
        closer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!closer.isClosed()) {
                try (Socket s = closer.accept()) {
                    s.setSoLinger(true, 0);
                } catch (IOException e) {
                    // closed at the end of the class
                }
            }
        }, "closer");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        fleet.close();
        closer.close();
    }

    /** What a row sets up in the home before the command runs. */
    @FunctionalInterface
    interface Setup {
        void in(Path home) throws Exception;
    }

    /**
     * @param name  what is wrong
     * @param args  the command line; {url}, {ca}, {home}, {token}, {closed}, {closer} are filled in
     * @param env   extra environment
     * @param setup the home before the command
     * @param reply Fleet's scripted answer to the enroll request, or null
     * @param exit  the documented exit code
     * @param says  text the one line must hold
     */
    record Row(String name, List<String> args, Map<String, String> env, Setup setup, InjectedResponse reply, int exit, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Setup NOTHING = home -> { };

    private static Row row(String name, int exit, String says, String... args) {
        return new Row(name, List.of(args), Map.of(), NOTHING, null, exit, says);
    }

    private static Row row(String name, int exit, String says, Setup setup, String... args) {
        return new Row(name, List.of(args), Map.of(), setup, null, exit, says);
    }

    static Stream<Row> rows() {
        String[] enroll = {"enroll", "--url", "{url}", "-t", "{token}", "-a", "{ca}", "--path.home", "{home}"};
        List<Row> rows = new ArrayList<>();
        // 1. ports out of range, from flags and from the environment
        rows.add(row("--url port 70000", 2, "--url has port 70000, out of range",
                "enroll", "--url", "https://localhost:70000", "-t", "{token}", "-a", "{ca}", "--path.home", "{home}"));
        rows.add(row("--url port 99999", 2, "--url has port 99999, out of range",
                "enroll", "--url", "https://localhost:99999", "-t", "{token}", "-a", "{ca}", "--path.home", "{home}"));
        rows.add(row("--url port beyond an int", 2, "--url has port 99999999999, out of range",
                "enroll", "--url", "https://localhost:99999999999", "-t", "{token}", "-a", "{ca}", "--path.home", "{home}"));
        rows.add(row("--proxy-url port 99999", 2, "--proxy-url has port 99999, out of range",
                concat(enroll, "--proxy-url", "http://127.0.0.1:99999")));
        rows.add(row("--proxy-url port 70000 with a password", 2, "--proxy-url has port 70000",
                concat(enroll, "--proxy-url", "http://user:secret@127.0.0.1:70000")));
        rows.add(row("--fleet-server-es port 70000", 2, "--fleet-server-es has port 70000",
                "enroll", "--fleet-server-es", "http://127.0.0.1:70000", "--fleet-server-service-token", "t", "--path.home", "{home}"));
        rows.add(new Row("HTTPS_PROXY port 70000", List.of(enroll), Map.of("HTTPS_PROXY", "http://127.0.0.1:70000"), NOTHING, null, 2,
                "HTTPS_PROXY has port 70000"));
        rows.add(new Row("container FLEET_URL port 99999", List.of("container"), Map.of("FLEET_ENROLL", "1",
                "FLEET_URL", "https://fleet:99999", "STATE_PATH", "{home}/state"), NOTHING, null, 2, "FLEET_URL has port 99999"));
        // 2. fleet.enc empty or cut short
        rows.add(row("run on an empty fleet.enc", 1, "fleet.enc is empty (0 bytes)",
                home -> Files.write(home.resolve("fleet.enc"), new byte[0]), "run", "-e", "--path.home", "{home}"));
        rows.add(row("inspect on an empty fleet.enc", 1, "fleet.enc is empty (0 bytes)",
                home -> Files.write(home.resolve("fleet.enc"), new byte[0]), "inspect", "--path.home", "{home}"));
        rows.add(row("run on a fleet.enc cut inside its header", 1, "truncated",
                home -> enrolledThenCut(home, 40), "run", "-e", "--path.home", "{home}"));
        rows.add(row("run on a fleet.enc cut inside a block header", 1, "truncated",
                home -> enrolledThenCut(home, 2 + 64 + 5), "run", "-e", "--path.home", "{home}"));
        rows.add(row("run on a fleet.enc cut inside its block", 1, "truncated block",
                home -> enrolledThenCut(home, -10), "run", "-e", "--path.home", "{home}"));
        // 3. elastic-agent.yml malformed or a directory
        rows.add(row("run on a malformed elastic-agent.yml", 1, "elastic-agent.yml is not valid YAML at line 3, column 1",
                BadInputIT::malformedYml, "run", "-e", "--path.home", "{home}"));
        rows.add(row("run on a directory as elastic-agent.yml", 1, "elastic-agent.yml is a directory",
                home -> Files.createDirectories(home.resolve("elastic-agent.yml")), "run", "-e", "--path.home", "{home}"));
        rows.add(row("run on an elastic-agent.yml that is a list", 1, "elastic-agent.yml is not a map of settings",
                home -> Files.writeString(home.resolve("elastic-agent.yml"), "- a\n- b\n"), "run", "-e", "--path.home", "{home}"));
        rows.add(row("enroll --force over a malformed elastic-agent.yml", 1, "is not valid YAML at line 3, column 1",
                BadInputIT::malformedYml, concat(enroll, "--force")));
        rows.add(row("enroll over a duplicate key in elastic-agent.yml", 1, "is not valid YAML at line 3",
                home -> Files.writeString(home.resolve("elastic-agent.yml"), "agent:\n  id: a\n  id: b\n"), enroll));
        // 4. the client key's passphrase is wrong
        rows.add(row("wrong client key passphrase", 2, "does not decrypt", concat(enroll, "--elastic-agent-cert", "{cert}",
                "--elastic-agent-cert-key", "{key}", "--elastic-agent-cert-key-passphrase", "{wrongpass}")));
        // 6. connection errors
        // the first retry would come after 5s at the earliest: past the deadline, so none is announced
        rows.add(row("refused connection with an enroll timeout", 7, "timed out after 4s",
                "enroll", "--url", "https://127.0.0.1:{closed}", "-t", "{token}", "-a", "{ca}", "--enroll-timeout", "4s", "--path.home", "{home}"));
        rows.add(row("connection closed at once with an enroll timeout", 7, "timed out after 4s",
                "enroll", "--url", "https://127.0.0.1:{closer}", "-t", "{token}", "-a", "{ca}", "--enroll-timeout", "4s", "--path.home", "{home}"));
        rows.add(new Row("403 agent not replaceable", List.of(concat(enroll, "--id", "taken-id")), Map.of(), NOTHING,
                InjectedResponse.error(403, "AgentNotReplaceable", "agent taken-id cannot be replaced\nby this enrollment\n\n  (policy mismatch)"),
                6, "cannot be replaced"));
        rows.add(new Row("400 with an HTML page", List.of(enroll), Map.of(), NOTHING,
                new InjectedResponse(400, "<html>\n<body>\n<h1>Bad Request</h1>\n</body>\n</html>\n", Map.of("Content-Type", "text/html"),
                        java.time.Duration.ZERO), 1, "Fleet Server rejected the enrollment"));
        // 8. a reply far too large
        rows.add(new Row("50 MB reply that announces its length", List.of(enroll), Map.of(), NOTHING,
                InjectedResponse.of(200, "{\"action\":\"created\"}").padded(50L * 1024 * 1024, true), 1, "is larger than 10 MiB"));
        rows.add(new Row("50 MB chunked reply", List.of(enroll), Map.of(), NOTHING,
                InjectedResponse.of(200, "{\"action\":\"created\"}").padded(50L * 1024 * 1024, false), 1, "is larger than 10 MiB"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void oneLineTheDocumentedCodeAndTheHostUnchanged(Row row, @TempDir Path home) throws Exception {
        row.setup().in(home);
        if (row.reply() != null) {
            fleet.enqueueEnrollResponse(row.reply());
        }
        int enrollsBefore = fleet.enrollRequests().size();
        int agentsBefore = fleet.agents().size();
        DirSnapshot before = DirSnapshot.of(home);

        AgentProcess p = AgentProcess.launcher();
        row.env().forEach((k, v) -> p.env(k, fill(v, home)));
        AgentProcess.Result r = p.run(row.args().stream().map(a -> fill(a, home)).toList());

        assertEquals(row.exit(), r.exitCode(), r.toString());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank() && !l.startsWith(HELP_HINT)).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + r);
        assertTrue(lines.get(0).startsWith("Error: "), r.toString());
        assertTrue(lines.get(0).contains(row.says()), "names the cause (" + row.says() + "): " + r);
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), "no Java exception text: " + r);
        assertFalse(r.all().contains("secret@"), "no proxy password: " + r);
        assertEquals(before, DirSnapshot.of(home), "the home is as it was");
        assertEquals(agentsBefore, fleet.agents().size(), "no new agent in Fleet");
        if (row.reply() != null) {
            assertEquals(enrollsBefore + 1, fleet.enrollRequests().size(), "the scripted reply was used, once");
        }
    }

    @Test
    void leftoverTempFilesOfKilledWritesAreRemovedOnStart(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("fleet.enc.tmp"), "half a write");
        Files.writeString(home.resolve("elastic-agent.yml.tmp"), "half a write");
        Path vault = Files.createDirectories(home.resolve("vault"));
        Files.writeString(vault.resolve("0123abcd.tmp"), "half a key");
        Files.writeString(home.resolve("notes.tmp"), "the user's own file");
        DirSnapshot userFiles = DirSnapshot.of(home.resolve("notes.tmp"));

        AgentProcess.Result r = AGENT.run("inspect", "--path.home", home.toString());

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("not enrolled"), r.toString());
        assertFalse(Files.exists(home.resolve("fleet.enc.tmp")), "fleet.enc.tmp removed");
        assertFalse(Files.exists(home.resolve("elastic-agent.yml.tmp")), "elastic-agent.yml.tmp removed");
        assertFalse(Files.exists(vault.resolve("0123abcd.tmp")), "the vault's temp file removed");
        assertEquals(userFiles, DirSnapshot.of(home.resolve("notes.tmp")), "a .tmp file of no agent write is kept");
        assertFalse(Files.exists(home.resolve("fleet.enc.lock")), "no lock file left behind");
    }

    @Test
    void fleetServerPolicyWithoutABootstrapIsNamedInOneWarning(@TempDir Path home) {
        AgentProcess.Result r = AGENT.run("enroll", "--url", url(), "-t", fleet.enrollmentToken(), "-a", ca.toString(),
                "--fleet-server-policy", "some-policy", "--path.home", home.toString());
        try {
            assertEquals(0, r.exitCode(), r.toString());
            List<String> warnings = r.err().lines().filter(l -> l.contains("--fleet-server-policy")).toList();
            assertEquals(1, warnings.size(), r.toString());
            assertTrue(warnings.get(0).startsWith("Warning: ") && warnings.get(0).contains("--fleet-server-es"), r.toString());
        } finally {
            fleet.agents().forEach(a -> fleet.invalidateApiKey(a.accessApiKeyId()));
        }
    }

    private static String url() {
        return "https://localhost:" + fleet.port();
    }

    private static String fill(String s, Path home) {
        return s.replace("{url}", url()).replace("{ca}", ca.toString()).replace("{home}", home.toString())
                .replace("{token}", fleet.enrollmentToken()).replace("{closed}", String.valueOf(closedPort))
                .replace("{closer}", String.valueOf(closer.getLocalPort())).replace("{cert}", clientCert.toString())
                .replace("{key}", encryptedKey.toString()).replace("{wrongpass}", wrongPassphrase.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void malformedYml(Path home) throws IOException {
        Files.writeString(home.resolve("elastic-agent.yml"), "fleet:\n  enabled: [true\n");
    }

    /** An enrolled home (fleet.enc by an independent writer) whose fleet.enc is then cut to {@code size} bytes (negative: from the end). */
    private static void enrolledThenCut(Path home, int size) {
        try {
            String yaml = "agent:\n  id: cut-short\nfleet:\n  enabled: true\n  access_api_key: "
                    + Base64.getEncoder().encodeToString("kid:ksecret".getBytes(StandardCharsets.UTF_8))
                    + "\n  protocol: https\n  host: localhost:1\n";
            ReferenceFleetEnc.write(home, yaml, 32 * 1024);
            Files.writeString(home.resolve("elastic-agent.yml"), "fleet:\n  enabled: true\n");
            try (RandomAccessFile f = new RandomAccessFile(home.resolve("fleet.enc").toFile(), "rw")) {
                f.setLength(size >= 0 ? size : f.length() + size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
