package org.fleetagent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.fleetagent.control.UnitState;
import org.fleetagent.fixtures.fleetenc.ReferenceFleetEnc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What users and scripts read, held in golden files: every command's {@code --help}, {@code status} in each format,
 * {@code inspect}, and the main error lines with their exit codes. A change of wording shows as a diff here.
 */
class GoldenOutputTest {
    @TempDir
    Path home;

    private static String transcript(CliRunner.Outcome o) {
        return "exit: " + o.code() + "\n--- stdout\n" + o.out() + "--- stderr\n" + o.err();
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"", "version", "install", "uninstall", "container", "enroll", "run", "status", "restart", "inspect"})
    void helpOfEveryCommand(String command) {
        CliRunner.Outcome o = command.isEmpty() ? CliRunner.run("--help") : CliRunner.run(command, "--help");
        Golden.assertMatches("help/" + (command.isEmpty() ? "elastic-agent" : command) + ".txt", transcript(o));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown-flag             | enroll --bogus",
            "mistyped-command         | enrol --url https://fleet:8220",
            "no-command-bad-socket    | --path.home <home> --path.socket npipe:///elastic-agent-system",
            "run-missing-config       | run --path.home <home> -c other.yml",
            "missing-url              | enroll --path.home <home> -t a2V5aWQ6c2VjcmV0",
            "missing-token            | enroll --path.home <home> --url https://fleet:8220",
            "plain-http               | enroll --path.home <home> --url http://fleet:8220 -t a2V5aWQ6c2VjcmV0",
            "bad-token                | enroll --path.home <home> --url https://fleet:8220 -t not-a-token --enroll-timeout=1s",
            "relative-ca              | enroll --path.home <home> --url https://fleet:8220 -t a2V5aWQ6c2VjcmV0 -a ca.pem",
            "proxy-disabled-wins      | enroll --path.home <home> --url https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --proxy-url http://p:3128 --proxy-disabled --delay-enroll",
            "bad-duration             | enroll --path.home <home> --url https://fleet:8220 -t a2V5aWQ6c2VjcmV0 --enroll-timeout 10",
            "bootstrap-no-service-token | enroll --path.home <home> --fleet-server-es https://es:9200",
            "install-on-enroll-failure | install --path.home <home> --on-enroll-failure maybe",
            "install-user-unprivileged | install --path.home <home> --user nobody --base-path opt",
            "install-relative-base    | install --path.home <home> --base-path opt",
            "inspect-not-enrolled     | inspect --path.home <home>",
            "status-no-daemon         | status --path.home <home>",
    })
    void errorLines(String name, String args) {
        String[] argv = args.trim().replace("<home>", home.toString()).split("\\s+");
        CliRunner.Outcome o = CliRunner.run(argv);
        String cwd = Path.of("").toAbsolutePath().toString();
        Golden.assertMatches("errors/" + name + ".txt", transcript(o).replace(home.toString(), "<home>").replace(cwd, "<cwd>"));
    }

    private static AgentState state() {
        UnitState input = new UnitState("input", "fleet-server-default-fleet-server", State.HEALTHY, "Running on default policy with Fleet Server integration",
                Map.of());
        UnitState output = new UnitState("output", "fleet-server-default", State.HEALTHY, "Healthy", Map.of());
        ComponentState fs = new ComponentState("fleet-server-default", "fleet-server", State.HEALTHY, "Healthy: communicating with pid '4242'",
                List.of(input, output));
        return new AgentState(new AgentState.Info("9a1b2c3d-0000-4000-8000-00000000abcd", "9.6.0", "0123456789ab", 4200), State.HEALTHY,
                "Running", State.HEALTHY, "Connected", List.of(fs));
    }

    @ParameterizedTest(name = "status --output {0}")
    @ValueSource(strings = {"human", "json", "yaml"})
    void statusInEachFormat(String format) {
        Golden.assertMatches("status/" + format + ".txt", StatusCommand.render(state(), StatusCommand.Format.valueOf(format)));
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
