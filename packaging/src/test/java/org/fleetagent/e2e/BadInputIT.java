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
import org.fleetagent.fixtures.proxy.SquidProxy;
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
    /** A real HTTP proxy, for proxy URLs whose scheme names another protocol than the one it speaks. */
    private static SquidProxy squid;
    private static final Map<String, ServerSocket> CANNED = new java.util.HashMap<>();
    private static final List<Socket> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        // peers that answer what no Fleet Server or proxy should: each reads the request head, writes its bytes, hangs up
        canned("plainhttp", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        canned("garbage", "\u0000\u0001SSH-2.0-OpenSSH_9.6\r\n");
        canned("proxy407", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n");
        canned("proxy403", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        canned("proxy502", "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        canned("proxyhtml", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>Welcome</body></html>");
        canned("hang", null);
        squid = SquidProxy.start(List.of(), null);
    }

    /** A loopback peer that answers {@code reply} to whatever it is sent (null: accepts and never answers). */
    private static void canned(String name, String reply) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CANNED.put(name, server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    if (reply == null) {
                        HELD.add(s); // held open until the class ends: a peer that accepted and hung
                        continue;
                    }
                    try (s) {
                        s.setSoTimeout(5000);
                        if (name.startsWith("proxy")) {
                            readHead(s); // a proxy answers the CONNECT; the others answer before any request
                        }
                        s.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        s.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // closed at the end of the class, or the client gave up
                }
            }
        }, "canned-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void readHead(Socket s) throws IOException {
        var in = s.getInputStream();
        int matched = 0;
        int c;
        while (matched < 4 && (c = in.read()) >= 0) {
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
        }
    }

    @AfterAll
    static void stop() throws IOException {
        fleet.close();
        squid.close();
        closer.close();
        for (ServerSocket c : CANNED.values()) {
            c.close();
        }
        for (Socket h : HELD) {
            h.close();
        }
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
        rows.addAll(flagRows(enroll));
        rows.addAll(fileRows(enroll));
        rows.addAll(replyRows(enroll));
        rows.addAll(connectionRows(enroll));
        return rows.stream();
    }

    /** Flags and environment: refused before anything is read or sent, exit 2 unless said. */
    private static List<Row> flagRows(String[] enroll) {
        List<Row> rows = new ArrayList<>();
        String[] noUrl = {"enroll", "-t", "{token}", "-a", "{ca}", "--path.home", "{home}"};
        rows.add(row("--url port -1", 2, "--url must be an http:// or https:// URL", concat(noUrl, "--url", "https://localhost:-1")));
        rows.add(row("--url with scheme ftp", 2, "(got \"ftp://localhost:8220\")", concat(noUrl, "--url", "ftp://localhost:8220")));
        rows.add(row("--url without a scheme", 2, "(got \"localhost\")", concat(noUrl, "--url", "localhost")));
        rows.add(row("--url with an unclosed IPv6 bracket", 2, "--url is not a valid URL", concat(noUrl, "--url", "https://[::1")));
        rows.add(row("--url with a space in the host", 2, "--url is not a valid URL", concat(noUrl, "--url", "https://local host:8220")));
        rows.add(row("--url empty", 2, "--url is required", concat(noUrl, "--url", "")));
        rows.add(row("--url missing", 2, "--url is required", noUrl));
        rows.add(row("--url with only a scheme", 2, "--url", concat(noUrl, "--url", "https://")));
        rows.add(row("--url with a port that is not a number", 2, "--url", concat(noUrl, "--url", "https://localhost:abc")));
        rows.add(row("mistyped flag --urll", 2, "Unknown option: '--urll' (did you mean --url?)",
                "enroll", "--urll", "{url}", "-t", "{token}", "--path.home", "{home}"));
        rows.add(row("unknown flag --bogus", 2, "Unknown option: '--bogus'", concat(enroll, "--bogus")));
        rows.add(row("unknown flag --bogus=1", 2, "Unknown option: '--bogus=1'", concat(enroll, "--bogus=1")));
        rows.add(row("unknown short flag -Z", 2, "Unknown option: '-Z'", concat(enroll, "-Z")));
        rows.add(row("mistyped command enrol", 2, "did you mean enroll", "enrol", "--url", "{url}"));
        rows.add(row("unknown command", 2, "Unmatched argument at index 0: 'bogus-command'", "bogus-command"));
        rows.add(row("empty enrollment token", 2, "an enrollment token is required",
                "enroll", "--url", "{url}", "-t", "", "-a", "{ca}", "--path.home", "{home}"));
        rows.add(row("enrollment token that is not one", 5, "the enrollment token does not decode to text",
                "enroll", "--url", "{url}", "-t", "tok", "-a", "{ca}", "--path.home", "{home}"));
        rows.add(row("--enroll-timeout not a duration", 2, "invalid duration \"banana\"", concat(enroll, "--enroll-timeout", "banana")));
        rows.add(row("--enroll-timeout without a unit", 2, "invalid duration \"10\"", concat(enroll, "--enroll-timeout", "10")));
        rows.add(row("--daemon-timeout not a duration", 2, "invalid duration \"x\"", concat(enroll, "--daemon-timeout", "x")));
        rows.add(row("--enroll-timeout missing its value", 2, "--enroll-timeout", concat(enroll, "--enroll-timeout")));
        rows.add(row("--proxy-url with scheme ftp", 2, "--proxy-url must be an http://, https:// or socks5:// URL",
                concat(enroll, "--proxy-url", "ftp://p:3128")));
        rows.add(row("--proxy-url with an unclosed bracket", 2, "--proxy-url is not a valid URL", concat(enroll, "--proxy-url", "http://[bad")));
        rows.add(row("--proxy-url without a scheme", 2, "--proxy-url", concat(enroll, "--proxy-url", "proxy.example")));
        rows.add(row("--elastic-agent-cert without its key", 2, "go together", concat(enroll, "--elastic-agent-cert", "{cert}")));
        rows.add(row("--elastic-agent-cert-key without its certificate", 2, "go together", concat(enroll, "--elastic-agent-cert-key", "{key}")));
        rows.add(row("client key file missing", 2, "does not exist",
                concat(enroll, "--elastic-agent-cert", "{cert}", "--elastic-agent-cert-key", "{home}/none.key")));
        rows.add(row("client certificate file missing", 2, "does not exist",
                concat(enroll, "--elastic-agent-cert", "{home}/none.pem", "--elastic-agent-cert-key", "{key}")));
        rows.add(row("passphrase file missing", 2, "does not exist", concat(enroll, "--elastic-agent-cert", "{cert}",
                "--elastic-agent-cert-key", "{key}", "--elastic-agent-cert-key-passphrase", "{home}/none.pass")));
        rows.add(row("encrypted client key without a passphrase", 4, "is encrypted",
                concat(enroll, "--elastic-agent-cert", "{cert}", "--elastic-agent-cert-key", "{key}")));
        rows.add(row("CA file missing", 2, "does not exist", concat(enroll, "-a", "{home}/none.pem")));
        rows.add(row("CA is a directory", 2, "Is a directory", concat(enroll, "-a", "{home}")));
        rows.add(row("CA file holds a key, no certificate", 4, "holds no PEM certificate", concat(enroll, "-a", "{key}")));
        rows.add(row("CA file empty", 4, "holds no PEM certificate", home -> Files.write(home.resolve("empty.pem"), new byte[0]),
                concat(enroll, "-a", "{home}/empty.pem")));
        rows.add(row("CA file with a damaged certificate", 4, "is not a valid PEM certificate file",
                home -> Files.writeString(home.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n"),
                concat(enroll, "-a", "{home}/bad.pem")));
        rows.add(row("CA file of random bytes", 4, "holds no PEM certificate",
                home -> Files.write(home.resolve("rand.pem"), new byte[] {0, 1, 2, (byte) 0xFF, 10, 13}), concat(enroll, "-a", "{home}/rand.pem")));
        rows.add(row("--ca-sha256 not a pin", 2, "is not a SHA-256 pin", concat(enroll, "--ca-sha256", "zz")));
        rows.add(row("--ca-sha256 too short", 2, "is not a SHA-256 pin", concat(enroll, "--ca-sha256", "abcd")));
        rows.add(row("status --output bogus", 2, "expected one of [human, full, json, yaml]", "status", "--output", "bogus", "--path.home", "{home}"));
        rows.add(row("inspect --variables-wait not a duration", 2, "invalid duration \"x\"",
                "inspect", "--variables-wait", "x", "--path.home", "{home}"));
        rows.add(new Row("HTTPS_PROXY port 99999", List.of(enroll), Map.of("HTTPS_PROXY", "http://127.0.0.1:99999"), NOTHING, null, 2,
                "HTTPS_PROXY has port 99999"));
        rows.add(new Row("HTTPS_PROXY with scheme ftp", List.of(enroll), Map.of("HTTPS_PROXY", "ftp://127.0.0.1:3128"), NOTHING, null, 2,
                "HTTPS_PROXY has scheme ftp, which no proxy speaks: use an http://, https:// or socks5:// URL"));
        rows.add(new Row("https_proxy with scheme socks4 and a password", List.of(enroll), Map.of("https_proxy", "socks4://u:secret@127.0.0.1:1080"),
                NOTHING, null, 2, "https_proxy has scheme socks4"));
        // the container refuses what its enrollment could not use before it asks Kibana for a token (a 30 s wait)
        for (String url : new String[] {"fleet", "fleet:8220", "ftp://fleet:8220"}) {
            rows.add(new Row("container FLEET_URL " + url, List.of("container"), Map.of("FLEET_ENROLL", "1", "FLEET_URL", url,
                    "STATE_PATH", "{home}/state"), NOTHING, null, 2, "FLEET_URL must be an http:// or https:// URL with a host"));
        }
        rows.add(new Row("container ELASTICSEARCH_HOST without a scheme for a Fleet Server", List.of("container"), Map.of("FLEET_SERVER_ENABLE", "1",
                "ELASTICSEARCH_HOST", "elasticsearch:9200", "STATE_PATH", "{home}/state"), NOTHING, null, 2,
                "ELASTICSEARCH_HOST must be an http:// or https:// URL with a host"));
        return rows;
    }

    /** Files in the home: empty, cut short, damaged, the wrong format, a directory in their place. */
    private static List<Row> fileRows(String[] enroll) {
        List<Row> rows = new ArrayList<>();
        String[] run = {"run", "-e", "--path.home", "{home}"};
        String[] inspect = {"inspect", "--path.home", "{home}"};
        Map<String, String> badYml = new java.util.LinkedHashMap<>();
        badYml.put("an unclosed flow list", "fleet: [");
        badYml.put("an unclosed quote", "fleet:\n  host: \"fleet\n");
        badYml.put("a tab for indentation", "fleet:\n\tenabled: true\n");
        badYml.put("bad indentation", "fleet:\n  enabled: true\n bad: 1\n");
        badYml.put("a duplicate key", "agent:\n  id: a\n  id: b\n");
        badYml.put("a NUL character", "fleet: \u0000\n");
        badYml.put("collections nested 5,000 deep", "a: " + "[".repeat(5000) + "\n");
        badYml.put("an undefined alias", "a: *nowhere\n");
        badYml.put("two documents", "a: 1\n---\nb: 2\n");
        for (Map.Entry<String, String> y : badYml.entrySet()) {
            rows.add(row("run on an elastic-agent.yml with " + y.getKey(), 1, "elastic-agent.yml is not valid YAML",
                    home -> Files.writeString(home.resolve("elastic-agent.yml"), y.getValue()), run));
            rows.add(row("enroll over an elastic-agent.yml with " + y.getKey(), 1, "elastic-agent.yml is not valid YAML",
                    home -> Files.writeString(home.resolve("elastic-agent.yml"), y.getValue()), enroll));
        }
        rows.add(row("run on an elastic-agent.yml of binary bytes", 1, "elastic-agent.yml is not valid YAML",
                home -> Files.write(home.resolve("elastic-agent.yml"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0}), run));
        rows.add(row("run on an elastic-agent.yml that is a scalar", 1, "elastic-agent.yml is not a map of settings",
                home -> Files.writeString(home.resolve("elastic-agent.yml"), "just text\n"), run));
        rows.add(row("enroll over an elastic-agent.yml that is a list", 1, "elastic-agent.yml is not a map of settings",
                home -> Files.writeString(home.resolve("elastic-agent.yml"), "- a\n"), enroll));
        rows.add(row("enroll over a directory as elastic-agent.yml", 1, "elastic-agent.yml is a directory",
                home -> Files.createDirectories(home.resolve("elastic-agent.yml")), enroll));
        rows.add(row("run on a directory as fleet.enc", 1, "fleet.enc: Is a directory",
                home -> Files.createDirectories(home.resolve("fleet.enc")), run));
        rows.add(row("inspect on a directory as fleet.enc", 1, "fleet.enc: Is a directory",
                home -> Files.createDirectories(home.resolve("fleet.enc")), inspect));
        rows.add(row("inspect on a fleet.enc without its vault", 1, "has no agent key",
                home -> Files.write(home.resolve("fleet.enc"), new byte[] {'v', '2', 1, 2, 3}), inspect));
        rows.add(row("run on a fleet.enc without its vault", 1, "has no agent key",
                home -> Files.write(home.resolve("fleet.enc"), new byte[] {'v', '2', 1, 2, 3}), run));
        for (int cut : new int[] {1, 2, 3, 33, 65, 66, 67, 77, 78, 79, -1, -15, -16, -17}) {
            rows.add(row("inspect on a fleet.enc cut to " + (cut < 0 ? cut + " bytes from its end" : cut + " bytes"), 1, "fleet.enc",
                    home -> enrolledThenCut(home, cut), inspect));
        }
        for (int at : new int[] {0, 1, 2, 40, 66, 70, 78, 100, -1, -20}) {
            rows.add(row("inspect on a fleet.enc with a bit flipped at " + at, 1, "fleet.enc",
                    home -> enrolledThenFlip(home, "fleet.enc", at), inspect));
        }
        rows.add(row("run on a fleet.enc with a bit flipped in its tag", 1, "fleet.enc", home -> enrolledThenFlip(home, "fleet.enc", -1), run));
        rows.add(row("inspect with the vault's seed emptied", 1, "fleet.enc",
                home -> enrolledThen(home, h -> Files.write(h.resolve("vault/.seed"), new byte[0])), inspect));
        rows.add(row("inspect with the vault's seed cut short", 1, "fleet.enc",
                home -> enrolledThen(home, h -> Files.write(h.resolve("vault/.seed"), new byte[16])), inspect));
        rows.add(row("inspect with the vault's seed replaced", 1, "fleet.enc",
                home -> enrolledThen(home, h -> Files.write(h.resolve("vault/.seed"), new byte[32])), inspect));
        rows.add(row("inspect with a .seedV2 naming a salt of 0 bytes", 1, "is damaged: it names a salt of 0 bytes",
                home -> enrolledThen(home, h -> Files.write(h.resolve("vault/.seedV2"), seedV2(0))), inspect));
        rows.add(row("inspect with a .seedV2 naming a salt of 4 GiB", 1, "is damaged: it names a salt of 4294967295 bytes",
                home -> enrolledThen(home, h -> Files.write(h.resolve("vault/.seedV2"), seedV2(-1))), inspect));
        rows.add(row("inspect with the vault's key files removed", 1, "has no agent key",
                home -> enrolledThen(home, h -> deleteKeyFiles(h.resolve("vault"))), inspect));
        rows.add(row("inspect with a vault key file emptied", 1, "it is too short",
                home -> enrolledThen(home, h -> rewriteKeyFiles(h.resolve("vault"), b -> new byte[0])), inspect));
        rows.add(row("inspect with a vault key file bit-flipped", 1, "does not decrypt with this vault's seed",
                home -> enrolledThen(home, h -> rewriteKeyFiles(h.resolve("vault"), b -> {
                    b[b.length - 1] ^= 1;
                    return b;
                })), inspect));
        rows.add(row("inspect with a file in place of the vault directory", 1, "vault",
                home -> enrolledThen(home, h -> {
                    deleteTree(h.resolve("vault"));
                    Files.write(h.resolve("vault"), new byte[0]);
                }), inspect));
        return rows;
    }

    /** Fleet's answer to the enroll request: refusals, pages that are no JSON, bodies that miss what the agent needs. */
    private static List<Row> replyRows(String[] enroll) {
        List<Row> rows = new ArrayList<>();
        String[] quick = concat(enroll, "--enroll-timeout", "3s");
        for (int status : new int[] {400, 404, 405, 409, 410, 411, 413, 415, 418, 422, 451}) {
            rows.add(reply(status + " with an error body", enroll, InjectedResponse.error(status, "SomeError", "no such thing"), 1,
                    "Fleet Server rejected the enrollment"));
        }
        for (int status : new int[] {400, 404, 409}) {
            rows.add(reply(status + " with an HTML page", enroll, html(status), 1, "Fleet Server rejected the enrollment"));
        }
        rows.add(reply("401 with an error body", enroll, InjectedResponse.error(401, "Unauthorized", "ApiKey not valid"), 5,
                "the enrollment token was rejected"));
        rows.add(reply("401 with an HTML page", enroll, html(401), 5, "the enrollment token was rejected"));
        rows.add(reply("401 without a body", enroll, new InjectedResponse(401, "", Map.of(), java.time.Duration.ZERO), 5,
                "the enrollment token was rejected"));
        rows.add(reply("403 with an error body", enroll, InjectedResponse.error(403, "Forbidden", "no"), 5, "Fleet Server refused the enrollment"));
        rows.add(reply("403 with an HTML page", enroll, html(403), 5, "Fleet Server refused the enrollment"));
        rows.add(reply("400 malformed token", enroll, InjectedResponse.error(400, "ErrMalformedToken", "bad"), 5, "the enrollment token is malformed"));
        rows.add(reply("500 hit count mismatch", enroll, InjectedResponse.error(500, "InternalServerError", "hit count mismatch"), 5,
                "the enrollment token is not active in Fleet"));
        // every retried status: a Retry-After past the deadline ends the run at once, saying so
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            rows.add(reply(status + " with a Retry-After past the enroll timeout", quick, later(status, "{\"error\":\"Unavailable\"}",
                    "application/json"), 7, "answered HTTP " + status + " and asked to wait 60s (Retry-After), beyond --enroll-timeout 3s"));
        }
        rows.add(reply("503 with an HTML page and a Retry-After past the enroll timeout", quick, new InjectedResponse(503, "<html>busy</html>",
                Map.of("Content-Type", "text/html", "Retry-After", "60"), java.time.Duration.ZERO), 7, "asked to wait 60s"));
        rows.add(reply("a reply slower than the enroll timeout", quick,
                InjectedResponse.of(200, "{}").delayed(java.time.Duration.ofSeconds(10)), 7, "timed out after 3s"));
        String ok = "{\"action\":\"created\",\"item\":{\"id\":\"x\",\"type\":\"PERMANENT\",\"access_api_key\":\"k\",\"policy_id\":\"p\"}}";
        rows.add(reply("200 with an HTML page", enroll, new InjectedResponse(200, "<html><body>Login</body></html>",
                Map.of("Content-Type", "text/html"), java.time.Duration.ZERO), 1, "could not decode Fleet Server's reply"));
        rows.add(reply("200 with an empty body", enroll, InjectedResponse.of(200, ""), 1, "lacks item.id"));
        rows.add(reply("200 with an empty object", enroll, InjectedResponse.of(200, "{}"), 1, "lacks item.id"));
        rows.add(reply("200 with a JSON list", enroll, InjectedResponse.of(200, "[1,2]"), 1, "Fleet Server"));
        rows.add(reply("200 with JSON cut short", enroll, InjectedResponse.of(200, ok.substring(0, 40)), 1, "could not decode Fleet Server's reply"));
        rows.add(reply("200 without item.id", enroll, InjectedResponse.of(200, ok.replace("\"id\":\"x\",", "")), 1, "lacks item.id"));
        rows.add(reply("200 without the API key", enroll, InjectedResponse.of(200, ok.replace("\"access_api_key\":\"k\",", "")), 1,
                "lacks item.id or item.access_api_key"));
        rows.add(reply("200 with a type other than PERMANENT", enroll, InjectedResponse.of(200, ok.replace("PERMANENT", "EPHEMERAL")), 1,
                "expected PERMANENT"));
        rows.add(reply("200 with an id of the wrong type", enroll, InjectedResponse.of(200, ok.replace("\"id\":\"x\"", "\"id\":{\"a\":1}")), 1,
                "lacks item.id"));
        rows.add(reply("200 with binary bytes", enroll, InjectedResponse.of(200, "\u0000\u0000\u0000\u0000{}"), 1,
                "could not decode Fleet Server's reply"));
        rows.add(reply("200 as XML", enroll, new InjectedResponse(200, "<?xml version=\"1.0\"?><item/>", Map.of("Content-Type", "application/xml"),
                java.time.Duration.ZERO), 1, "could not decode Fleet Server's reply"));
        return rows;
    }

    /** Peers that are no Fleet Server, and proxies that do not pass the request on. */
    private static List<Row> connectionRows(String[] enroll) {
        List<Row> rows = new ArrayList<>();
        String[] base = {"enroll", "-t", "{token}", "-a", "{ca}", "--enroll-timeout", "3s", "--path.home", "{home}"};
        rows.add(row("a peer that accepts and never answers", 7, "timed out after 3s", concat(base, "--url", "https://127.0.0.1:{hang}")));
        rows.add(row("plain HTTP behind an https:// URL", 4, "Unsupported or unrecognized SSL message", concat(base, "--url", "https://127.0.0.1:{plainhttp}")));
        rows.add(row("an SSH banner behind an https:// URL", 4, "Unsupported or unrecognized SSL message", concat(base, "--url", "https://127.0.0.1:{garbage}")));
        rows.add(row("an http:// URL without --insecure", 2, "is plain HTTP", concat(base, "--url", "http://localhost:" + "{fleetport}")));
        rows.add(row("proxy that never answers", 7, "timed out after 3s",
                concat(base, "--url", "{url}", "--proxy-url", "http://127.0.0.1:{hang}")));
        rows.add(row("proxy requires credentials", 3, "requires credentials (HTTP 407",
                concat(base, "--url", "{url}", "--proxy-url", "http://127.0.0.1:{proxy407}")));
        rows.add(row("proxy refuses the CONNECT", 3, "refused to open a tunnel",
                concat(base, "--url", "{url}", "--proxy-url", "http://127.0.0.1:{proxy403}")));
        rows.add(row("proxy answers 502 to the CONNECT", 3, "refused to open a tunnel",
                concat(base, "--url", "{url}", "--proxy-url", "http://127.0.0.1:{proxy502}")));
        // failures before the proxy opened the tunnel are the proxy's, named by its URL without the password
        rows.add(viaProxy(base, "http://user:secret@127.0.0.1:{closer}", "proxy that resets the connection at once", 7, "timed out after 3s;"
                + " last error: the proxy at http://***@127.0.0.1:{closer} closed the connection before answering the CONNECT to"
                + " localhost:{fleetport}: check --proxy-url"));
        rows.add(viaProxy(base, "http://127.0.0.1:{closed}", "proxy that refuses connections", 7, "timed out after 3s; last error:"
                + " connection refused by the proxy at http://127.0.0.1:{closed}: is it running? check --proxy-url"));
        Map<String, String> noProxies = Map.of("--proxy-url naming Fleet's own TLS port", "{fleetport}",
                "a web server where the proxy should be (200 and a page)", "{proxyhtml}");
        noProxies.forEach((name, port) -> rows.add(viaProxy(base, "http://127.0.0.1:" + port, name, 3, "the proxy at http://127.0.0.1:"
                + port + " answered the CONNECT to localhost:{fleetport} with something that is not a proxy tunnel (is it a web server,"
                + " or a TLS port?): check --proxy-url")));
        // squid waits for the rest of a request line after the SOCKS5 greeting, and answers a TLS hello with HTTP 400
        rows.add(viaProxy(base, "socks5://127.0.0.1:{squid}", "a socks5:// URL at an HTTP proxy (squid)", 7, "last error: the proxy at"
                + " socks5://127.0.0.1:{squid} does not speak SOCKS5 (no answer to the SOCKS5 greeting in time): if it is an HTTP proxy,"
                + " use --proxy-url http://127.0.0.1:{squid}"));
        rows.add(viaProxy(base, "https://127.0.0.1:{squid}", "an https:// URL at a plain HTTP proxy (squid)", 3, "the proxy at"
                + " https://127.0.0.1:{squid} does not speak TLS (its answer to the TLS handshake is not TLS): if it is a plain HTTP"
                + " proxy, use --proxy-url http://127.0.0.1:{squid}"));
        return rows;
    }

    /** A row that enrolls into the real Fleet through {@code proxyUrl}. */
    private static Row viaProxy(String[] base, String proxyUrl, String name, int exit, String says) {
        return row(name, exit, says, concat(base, "--url", "{url}", "--proxy-url", proxyUrl));
    }

    private static Row reply(String name, String[] args, InjectedResponse reply, int exit, String says) {
        return new Row("Fleet answers " + name, List.of(args), Map.of(), NOTHING, reply, exit, says);
    }

    /** A retryable answer whose Retry-After lies past the row's 3s deadline, so that no retry reaches the real Fleet. */
    private static InjectedResponse later(int status, String body, String type) {
        return new InjectedResponse(status, body, Map.of("Content-Type", type, "Retry-After", "60"), java.time.Duration.ZERO);
    }

    private static InjectedResponse html(int status) {
        return new InjectedResponse(status, "<html>\n<body>\n<h1>" + status + "</h1>\n</body>\n</html>\n", Map.of("Content-Type", "text/html"),
                java.time.Duration.ZERO);
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

        assertOneClearLine(row, r, home);
        assertEquals(before, DirSnapshot.of(home), "the home is as it was");
        assertEquals(agentsBefore, fleet.agents().size(), "no new agent in Fleet");
        if (row.reply() != null) {
            assertEquals(enrollsBefore + 1, fleet.enrollRequests().size(), "the scripted reply was used, once");
        }
    }

    private static void assertOneClearLine(Row row, AgentProcess.Result r, Path home) {
        assertEquals(row.exit(), r.exitCode(), r.toString());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + r);
        assertTrue(lines.get(0).startsWith("Error: "), r.toString());
        String says = fill(row.says(), home);
        assertTrue(lines.get(0).contains(says), "names the cause (" + says + "): " + r);
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), "no Java exception text: " + r);
        assertFalse(r.all().contains("secret@"), "no proxy password: " + r);
    }

    /**
     * Files the user cannot read or write: root reads and writes through any mode, so these rows run the launcher as
     * user nobody (setpriv), in a home that user owns. {ca} is a copy of the CA in the home, readable to it.
     */
    static Stream<Row> asAnotherUser() {
        String[] enroll = {"enroll", "--url", "{url}", "-t", "{token}", "-a", "{home}/ca.pem", "--path.home", "{home}"};
        String[] inspect = {"inspect", "--path.home", "{home}"};
        String denied = "permission denied for user nobody: give that user access (chown or chmod)";
        List<Row> rows = new ArrayList<>();
        rows.add(row("inspect on an unreadable fleet.enc", 1, "fleet.enc: " + denied,
                home -> enrolledThen(home, h -> chmod(h.resolve("fleet.enc"), "---------")), inspect));
        rows.add(row("run on an unreadable fleet.enc", 1, "fleet.enc: " + denied,
                home -> enrolledThen(home, h -> chmod(h.resolve("fleet.enc"), "---------")), "run", "-e", "--path.home", "{home}"));
        rows.add(row("inspect on an unreadable vault", 1, denied,
                home -> enrolledThen(home, h -> chmod(h.resolve("vault"), "---------")), inspect));
        rows.add(row("enroll with an unreadable CA file", 2, "ca.pem: " + denied,
                home -> chmod(home.resolve("ca.pem"), "---------"), enroll));
        rows.add(row("enroll over an unreadable elastic-agent.yml", 1, "elastic-agent.yml: " + denied,
                home -> chmod(Files.writeString(home.resolve("elastic-agent.yml"), "fleet:\n  enabled: false\n"), "---------"), enroll));
        rows.add(row("enroll into a read-only home", 1, denied, home -> chmod(home, "r-xr-xr-x"), enroll));
        rows.add(row("enroll into a read-only home holding elastic-agent.yml", 1, denied, home -> {
            Files.writeString(home.resolve("elastic-agent.yml"), "agent:\n  logging.level: info\n");
            chmod(home, "r-xr-xr-x");
        }, enroll));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asAnotherUser")
    void asAnotherUserOneLineTheDocumentedCodeAndTheHomeUnchanged(Row row, @TempDir Path home) throws Exception {
        Files.copy(ca, home.resolve("ca.pem"));
        row.setup().in(home);
        run(List.of("chown", "-R", "nobody:nogroup", home.toString())); // the modes the row set stay

        int agentsBefore = fleet.agents().size();
        DirSnapshot before = DirSnapshot.of(home);
        try {
            AgentProcess p = AgentProcess.at(NobodyLauncher.path()).through(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            AgentProcess.Result r = p.run(row.args().stream().map(a -> fill(a, home)).toList());

            assertOneClearLine(row, r, home);
            assertEquals(before, DirSnapshot.of(home), "the home is as it was");
            assertEquals(agentsBefore, fleet.agents().size(), "no new agent in Fleet");
        } finally {
            run(List.of("chmod", "-R", "u+rwX", home.toString())); // so that the temp directory can be removed
        }
    }

    /**
     * A full disk: the home is a 64 KiB tmpfs (in a mount namespace of the command's own) filled to the last byte
     * before {@code enroll}; the intent record, the first write, fails, so nothing goes to Fleet and nothing stays.
     */
    @Test
    void enrollOnAFullDiskSaysSoAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path staged = Files.createDirectories(dir.resolve("staged"));
        Files.copy(ca, staged.resolve("ca.pem"));
        Files.writeString(staged.resolve("elastic-agent.yml"), "agent:\n  logging.level: info\n");
        String probe = runQuietly(List.of("unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                home.toString()));
        if (!probe.isEmpty()) {
            System.out.println("enrollOnAFullDiskSaysSoAndLeavesNothing skipped: a tmpfs cannot be mounted here: " + probe);
            org.junit.jupiter.api.Assumptions.abort("mount refused: " + probe);
        }
        // in the namespace: mount, copy the home in, fill the rest, list it before and after the command
        String script = """
                home=$1; staged=$2; out=$3; shift 3
                mount -t tmpfs -o size=64k,mode=0755 tmpfs "$home" || exit 90
                cp -a "$staged"/. "$home"/ || exit 91
                dd if=/dev/zero of="$home/filler" bs=1k 2>/dev/null
                snap() { (cd "$home" && find . -printf '%y %m %s %p\\n' | sort && find . -type f -exec sha256sum {} + | sort); }
                snap > "$out/before"
                "$@"; rc=$?
                snap > "$out/after"
                exit $rc
                """;
        int agentsBefore = fleet.agents().size();
        AgentProcess p = AgentProcess.launcher().through(List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                home.toString(), staged.toString(), dir.toString()));
        AgentProcess.Result r = p.run(List.of("enroll", "--url", url(), "-t", fleet.enrollmentToken(), "-a", home.resolve("ca.pem").toString(),
                "--path.home", home.toString()));

        assertOneClearLine(new Row("full disk", List.of(), Map.of(), NOTHING, null, 1, "no space left on the device holding " + home), r, home);
        assertEquals(Files.readString(dir.resolve("before")), Files.readString(dir.resolve("after")), "the home is as it was");
        assertTrue(Files.readString(dir.resolve("before")).contains("./elastic-agent.yml"), "the listing saw the home");
        assertEquals(agentsBefore, fleet.agents().size(), "no new agent in Fleet");
    }

    private static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        String out = runQuietly(command);
        if (!out.isEmpty()) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    /** Runs {@code command}; its output when it failed, else "". */
    private static String runQuietly(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? "" : "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out);
    }

    /** The launcher where user nobody can run it: the distribution under test, or a copy of it when that user cannot read its path. */
    private static final class NobodyLauncher {
        private static final Path PATH = find();

        static Path path() {
            return PATH;
        }

        private static Path find() {
            try {
                Path launcher = AgentProcess.launcher().path();
                String probe = runQuietly(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", launcher.toString(), "--help"));
                if (probe.isEmpty()) {
                    return launcher;
                }
                System.out.println("the distribution is not readable to user nobody (" + probe + "): running a copy of it");
                Path copy = Files.createTempDirectory("elastic-agent-dist");
                chmod(copy, "rwxr-xr-x");
                run(List.of("cp", "-a", launcher.getParent() + "/.", copy.toString()));
                run(List.of("chmod", "-R", "a+rX", copy.toString()));
                return copy.resolve(launcher.getFileName());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
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
        for (Map.Entry<String, ServerSocket> c : CANNED.entrySet()) {
            s = s.replace("{" + c.getKey() + "}", String.valueOf(c.getValue().getLocalPort()));
        }
        return s.replace("{url}", url()).replace("{ca}", ca.toString()).replace("{home}", home.toString())
                .replace("{token}", fleet.enrollmentToken()).replace("{closed}", String.valueOf(closedPort))
                .replace("{closer}", String.valueOf(closer.getLocalPort())).replace("{squid}", String.valueOf(squid.port())).replace("{cert}", clientCert.toString())
                .replace("{key}", encryptedKey.toString()).replace("{fleetport}", String.valueOf(fleet.port())).replace("{wrongpass}", wrongPassphrase.toString());
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
            if (size != Integer.MAX_VALUE) {
                try (RandomAccessFile f = new RandomAccessFile(home.resolve("fleet.enc").toFile(), "rw")) {
                    f.setLength(size >= 0 ? size : f.length() + size);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An enrolled home (by the independent writer) that {@code change} then damages. */
    private static void enrolledThen(Path home, Setup change) throws Exception {
        enrolledThenCut(home, Integer.MAX_VALUE);
        change.in(home);
    }

    /** An enrolled home whose {@code file} has one bit flipped at {@code at} (negative: from the end). */
    private static void enrolledThenFlip(Path home, String file, int at) throws Exception {
        enrolledThen(home, h -> {
            byte[] b = Files.readAllBytes(h.resolve(file));
            b[at >= 0 ? at : b.length + at] ^= 0x10;
            Files.write(h.resolve(file), b);
        });
    }

    private static byte[] seedV2(int saltSize) {
        return java.nio.ByteBuffer.allocate(36).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(new byte[32]).putInt(saltSize).array();
    }

    private static void deleteKeyFiles(Path vault) throws IOException {
        rewriteKeyFiles(vault, null);
    }

    /** Each key file of the vault (not its seed or lock) replaced by {@code f} of its bytes, or removed when f is null. */
    private static void rewriteKeyFiles(Path vault, java.util.function.UnaryOperator<byte[]> f) throws IOException {
        try (Stream<Path> files = Files.list(vault)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                if (f == null) {
                    Files.delete(p);
                } else {
                    Files.write(p, f.apply(Files.readAllBytes(p)));
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
