package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.CertificateState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.fleetagent.control.DaemonVersion;
import org.fleetagent.control.UnitState;
import org.fleetagent.control.UpgradeDetails;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.fleetagent.version.AgentVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What users and scripts read, held in golden files: every command's {@code --help}, {@code status} in each format
 * with its exit status, {@code version} in each form, {@code inspect}, and the main error lines with their exit codes. A change of wording shows as a diff here.
 */
class GoldenOutputTest {
    @TempDir
    Path home;

    private static String transcript(CliRunner.Outcome o) {
        return "exit: " + o.code() + "\n--- stdout\n" + o.out() + "--- stderr\n" + o.err();
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"", "version", "install", "uninstall", "container", "enroll", "run", "status", "restart", "inspect",
            "inspect components", "logs", "diagnostics", "help", "vault", "doctor", "privileged", "unprivileged", "fleet", "fleet set-url",
            "fleet set-proxy", "fleet set-ca", "fleet set-cert", "fleet undo"})
    void helpOfEveryCommand(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        Golden.assertMatches("help/" + (command.isEmpty() ? "elastic-agent" : command.replace(' ', '-')) + ".txt", transcript(o));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-flag             | enroll --bogus
            mistyped-command         | enrol --url https://fleet:8220
            no-command-bad-socket    | --path.home <home> --path.socket npipe:///elastic-agent-system
            run-missing-config       | run --path.home <home> -c other.yml
            missing-url              | enroll --path.home <home> -t a2V5aWQ6c2VjcmV0
            missing-token            | enroll --path.home <home> --url https://fleet:8220
            plain-http               | enroll --path.home <home> --url http://fleet:8220 -t a2V5aWQ6c2VjcmV0
            bad-token                | enroll --path.home <home> --url https://fleet:8220 -t not-a-token --enroll-timeout=1s
            relative-ca              | enroll --path.home <home> --url https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -a ca.pem
            doctor-not-enrolled      | doctor --path.home <home>
            doctor-bad-output        | doctor --path.home <home> --url https://fleet:8220 --output yaml
            proxy-disabled-wins      | enroll --path.home <home> --url https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --proxy-url http://p:3128 --proxy-disabled --delay-enroll
            bad-duration             | enroll --path.home <home> --url https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --enroll-timeout 10
            bootstrap-no-service-token | enroll --path.home <home> --fleet-server-es https://es:9200
            install-on-enroll-failure | install --path.home <home> --on-enroll-failure maybe
            install-user-unprivileged | install --path.home <home> --user nobody --base-path opt
            install-relative-base    | install --path.home <home> --base-path opt
            inspect-not-enrolled     | inspect --path.home <home>
            explain-not-enrolled     | inspect --explain --path.home <home>
            inspect-output-alone     | inspect --output json --path.home <home>
            vault-no-action          | vault --path.home <home>
            vault-check-not-enrolled | vault check --path.home <home> --service-user nobody
            status-no-daemon         | status --path.home <home>
            fleet-no-action          | fleet --path.home <home>
            fleet-not-enrolled       | fleet set-url https://fleet:8220 --path.home <home>
            fleet-undo-not-enrolled  | fleet undo --path.home <home>
            fleet-bad-url            | fleet set-url fleet:8220 --path.home <home>
            fleet-proxy-both         | fleet set-proxy http://p:3128 --none --path.home <home>
            fleet-ca-missing         | fleet set-ca ca.pem --path.home <home>
            fleet-bad-timeout        | fleet undo --timeout 0s --path.home <home>
            unprivileged-bad-timeout | unprivileged --daemon-timeout 10
            privileged-stray-argument | privileged now
            """)
    void errorLines(String name, String args) {
        String[] argv = args.trim().replace("<home>", home.toString()).split("\\s+");
        CliRunner.Outcome o = CliRunner.run(argv);
        String cwd = Path.of("").toAbsolutePath().toString();
        Golden.assertMatches("errors/" + name + ".txt", transcript(o).replace(home.toString(), "<home>").replace(cwd, "<cwd>"));
    }

    /** A healthy Fleet-managed agent with the fleet-server component, its units listed out of order. */
    private static AgentState healthy() {
        UnitState input = new UnitState("input", "fleet-server-default-fleet-server", State.HEALTHY, "Running on default policy with Fleet Server integration",
                Map.of());
        UnitState output = new UnitState("output", "fleet-server-default", State.HEALTHY, "Healthy", Map.of());
        ComponentState fs = new ComponentState("fleet-server-default", "fleet-server", State.HEALTHY, "Healthy: communicating with pid '4242'",
                List.of(input, output));
        return new AgentState(info(), State.HEALTHY, "Running", State.HEALTHY, "Connected", List.of(fs)).withCertificates(List.of(
                new CertificateState("Fleet CA", "CN=Fleet Root CA,O=Example", "2036-11-20T00:00:00Z", 3636),
                new CertificateState("Fleet Server certificate", "CN=fleet.example.com", "2026-12-01T12:00:00Z", 5),
                new CertificateState("client certificate", "CN=agent-42", "2027-11-22T00:00:00Z", 361)));
    }

    private static AgentState.Info info() {
        return new AgentState.Info("9a1b2c3d-0000-4000-8000-00000000abcd", "9.6.0", "0123456789ab", "2026-11-22T00:00:00Z", false, 4200,
                false, true);
    }

    /**
     * A degraded agent mid-upgrade: a failed component with a multi-line message, a degraded unit with a payload,
     * a long message (folded in YAML), strings a YAML reader would take for other types, a healthy component that
     * human output leaves out.
     */
    private static AgentState degraded() {
        UnitState failedIn = new UnitState("input", "log-default-logfile-system", State.FAILED,
                "failed to open /var/log/app.log: permission denied", Map.of());
        UnitState out = new UnitState("output", "log-default", State.HEALTHY, "Healthy", Map.of());
        ComponentState log = new ComponentState("log-default", "filebeat", State.FAILED,
                "process exited with code 3\nlast lines:\n  lost my database connection", List.of(out, failedIn),
                new ComponentState.VersionInfo("beat-v2-client", Map.of("commit", "abc123", "build_time", "2026-11-20 10:00:00 +0000 UTC")));
        UnitState fsIn = new UnitState("input", "fleet-server-default-fleet-server", State.DEGRADED, "Waiting on policy with Fleet Server integration",
                Map.of("enrollment_token", "yes", "port", 8221, "ratio", 0.25, "hosts", List.of("https://localhost:8221", "on")));
        UnitState fsOut = new UnitState("output", "fleet-server-default", State.HEALTHY, "Healthy", Map.of());
        ComponentState fs = new ComponentState("fleet-server-default", "fleet-server", State.DEGRADED,
                "Degraded: the Fleet Server is waiting for its policy, which Kibana has not yet created for this agent; it keeps retrying every few seconds",
                List.of(fsIn, fsOut));
        ComponentState healthy = new ComponentState("system-metrics-default", "metricbeat", State.HEALTHY, "Healthy", List.of(
                new UnitState("input", "system-metrics-default-system", State.HEALTHY, "Healthy", Map.of())));
        UpgradeDetails upgrade = new UpgradeDetails("9.7.0", UpgradeDetails.DOWNLOADING, "action-1",
                new UpgradeDetails.Metadata("", 0.425, "", "", "", "", ""));
        return new AgentState(info(), State.DEGRADED, "1 or more components/units in a failed state", State.HEALTHY, "Connected",
                List.of(log, healthy, fs), upgrade, List.of(new CertificateState("client certificate", "CN=agent-42", "2026-11-20T00:00:00Z", -2)));
    }

    /** Exit 0 when healthy, 1 when degraded, as the golden transcripts show. */
    @ParameterizedTest(name = "status --output {1} of a {0} agent")
    @CsvSource(delimiter = '|', textBlock = """
            healthy  | human
            healthy  | full
            healthy  | json
            healthy  | yaml
            degraded | human
            degraded | full
            degraded | json
            degraded | yaml
            """)
    void statusInEachFormat(String agent, String format) throws Exception {
        boolean healthy = agent.equals("healthy");
        try (FakeDaemon d = FakeDaemon.start(home, healthy ? healthy() : degraded())) {
            CliRunner.Outcome o = CliRunner.run("status", "--output", format, "--path.home", home.toString());
            Golden.assertMatches("status/" + (healthy ? "" : "degraded-") + format + ".txt", transcript(o));
            // the real AgentState's collector is omitempty: absent when no OTel collector runs, as here
            assertFalse(o.out().contains("collector"), o.out());
        }
    }

    private static final DaemonVersion BINARY = new DaemonVersion("9.6.0", "0123456789ab", "2026-11-22T00:00:00Z", false, false);
    private static final DaemonVersion OLDER = new DaemonVersion("9.5.2", "fedcba987654", "2026-10-01T08:30:15.5Z", true, false);

    @ParameterizedTest(name = "version {0}")
    @CsvSource(delimiter = '|', textBlock = """
            human-with-daemon      | false | false | true
            yaml-with-daemon       | true  | false | true
            binary-only            | false | true  | false
            binary-only-yaml       | true  | true  | false
            human-without-daemon   | false | false | false
            yaml-without-daemon    | true  | false | false
            """)
    void versionInEachForm(String name, boolean yaml, boolean binaryOnly, boolean daemon) {
        Golden.assertMatches("version/" + name + ".txt", VersionReport.render(BINARY, daemon ? OLDER : null, yaml, binaryOnly));
    }

    /** The command itself: the daemon asked over the socket, the build's own values replaced by placeholders. */
    @ParameterizedTest(name = "version {0}")
    @CsvSource(delimiter = '|', textBlock = """
            daemon-same       | true  | ''
            daemon-same-yaml  | true  | --yaml
            no-daemon         | false | ''
            no-daemon-yaml    | false | --yaml
            """)
    void versionAsksTheDaemon(String name, boolean daemon, String flag) throws Exception {
        AgentVersion v = AgentVersion.current();
        AgentState state = new AgentState(new AgentState.Info("", v.version(), v.commit(), v.buildTime().toString(), v.snapshot(), 1, false,
                false), State.HEALTHY, "Running", State.STOPPED, "Not enrolled in Fleet", List.of());
        String[] args = flag.isEmpty() ? new String[] {"version", "--path.home", home.toString()}
                : new String[] {"version", flag, "--path.home", home.toString()};
        CliRunner.Outcome o;
        if (daemon) {
            try (FakeDaemon d = FakeDaemon.start(home, state)) {
                o = CliRunner.run(args);
            }
        } else {
            o = CliRunner.run(args);
        }
        String t = transcript(o).replace(home.toString(), "<home>");
        String built = GoYaml.rfc3339Nano(v.buildTime());
        t = t.replace(v.version() + (v.snapshot() ? "-SNAPSHOT" : ""), "<version>").replace("version: " + v.version(), "version: <version>")
                .replace(v.commit(), "<commit>").replace(built, "<build_time>")
                .replace(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(v.buildTime().atOffset(java.time.ZoneOffset.UTC)),
                        "<build time>")
                .replace("snapshot: " + v.snapshot(), "snapshot: <snapshot>");
        Golden.assertMatches("version/command-" + name + ".txt", t);
    }

    @Test
    void inspectRedactsSecrets() throws Exception {
        Path config = Files.createDirectories(home);
        ReferenceFleetEnc.write(config, """
                agent:
                  id: 9a1b2c3d-0000-4000-8000-00000000abcd
                fleet:
                  enabled: true
                  access_api_key: VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==
                  hosts:
                  - https://fleet.example:8220
                  ssl:
                    verification_mode: full
                  enrollment_token_hash: c2FsdHNhbHQ=
                """, 4096);
        CliRunner.Outcome o = CliRunner.run("inspect", "--path.home", home.toString());
        Golden.assertMatches("inspect/redacted.txt", transcript(o).replace(home.toString(), "<home>"));
    }

    @Test
    void aMismatchShowsTheLinesThatDiffer() {
        String d = Golden.diff("a\nb\nc\n", "a\nB\nc\n");
        org.junit.jupiter.api.Assertions.assertEquals("@@ line 2 @@\n- b\n+ B\n", d);
    }
}
