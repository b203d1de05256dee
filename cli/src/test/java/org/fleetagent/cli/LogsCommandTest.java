package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
    @TempDir
    Path home;

    private static String line(String level, String message, String component) {
        return "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"log.level\":\"" + level + "\",\"message\":\"" + message + "\""
                + (component == null ? "" : ",\"component\":{\"id\":\"" + component + "\"}") + "}";
    }

    private void logs() throws Exception {
        Path dir = Files.createDirectories(home.resolve("data/logs"));
        Files.writeString(dir.resolve("elastic-agent.1.ndjson"), line("info", "m1", null) + "\n" + line("info", "m2", "fs-default") + "\n");
        Files.writeString(dir.resolve("elastic-agent.0.ndjson"), line("error", "m3", null) + "\n" + line("info", "m4", "fs-default") + "\n");
        Path events = Files.createDirectories(dir.resolve("events"));
        Files.writeString(events.resolve("elastic-agent-event-log-20260101.ndjson"), line("info", "ev1", null) + "\n");
    }

    @Test
    void printsTheLastLinesThenTheEventLogs() throws Exception {
        logs();
        CliRunner.Outcome o = CliRunner.run("logs", "--path.home", home.toString(), "-n", "3");
        assertEquals(0, o.code(), o.toString());
        assertEquals(line("info", "m2", "fs-default") + "\n" + line("error", "m3", null) + "\n" + line("info", "m4", "fs-default")
                + "\n" + line("info", "ev1", null) + "\n", o.out());
    }

    @Test
    void defaultsToTenLinesAndHonoursComponentAndExcludeEvents() throws Exception {
        logs();
        CliRunner.Outcome o = CliRunner.run("logs", "--path.home", home.toString(), "--component", "fs-default", "--exclude-events");
        assertEquals(line("info", "m2", "fs-default") + "\n" + line("info", "m4", "fs-default") + "\n", o.out());
        CliRunner.Outcome all = CliRunner.run("logs", "--path.home", home.toString(), "--exclude-events");
        assertEquals(4, all.out().lines().count());
    }

    @Test
    void coloursByLevelOnlyAtATerminalWithoutNoColor() throws Exception {
        logs();
        java.io.StringWriter out = new java.io.StringWriter();
        CliContext tty = new CliContext(new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true),
                Map.of(), true);
        String[] args = {"logs", "--path.home", home.toString(), "-n", "1", "--exclude-events"};
        assertEquals(0, Cli.create(tty, args).execute(args));
        assertEquals("\u001b[36m" + line("info", "m4", "fs-default") + "\u001b[0m\n", out.toString());
        CliRunner.Outcome piped = CliRunner.run("logs", "--path.home", home.toString(), "-n", "1", "--exclude-events");
        assertTrue(!piped.out().contains("\u001b"), piped.out());
    }

    @Test
    void noLogsIsOneLineAndExitOne() {
        CliRunner.Outcome o = CliRunner.run("logs", "--path.home", home.toString());
        assertEquals(1, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("Error: no logs at "), o.err());
    }
}
