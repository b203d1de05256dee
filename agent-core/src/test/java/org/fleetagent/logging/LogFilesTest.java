package org.fleetagent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    private void write(String name, String... lines) throws Exception {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private void append(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void filesAreOrderedOldestFirstForBothRotationSchemes() throws Exception {
        for (String n : List.of("elastic-agent.0.ndjson", "elastic-agent.2.ndjson", "elastic-agent.1.ndjson",
                "elastic-agent-20240102.ndjson", "elastic-agent-20240102-1.ndjson", "elastic-agent-20240101.ndjson", "other.log")) {
            write(n, "x");
        }
        List<String> names = LogFiles.list(dir).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("elastic-agent-20240101.ndjson", "elastic-agent-20240102-1.ndjson", "elastic-agent-20240102.ndjson",
                "elastic-agent.2.ndjson", "elastic-agent.1.ndjson", "elastic-agent.0.ndjson"), names);
    }

    @Test
    void theLastLinesSpanRotatedFilesInOrder() throws Exception {
        write("elastic-agent.1.ndjson", "a", "b", "c");
        write("elastic-agent.0.ndjson", "d", "e");
        assertEquals(List.of("b", "c", "d", "e"), LogFiles.last(LogFiles.list(dir), 4, l -> true));
        assertEquals(List.of("c", "e"), LogFiles.last(LogFiles.list(dir), 2, l -> !l.equals("d")));
        assertEquals(List.of("d", "e"), LogFiles.last(LogFiles.list(dir), 0, l -> true), "as the real agent: 0 is the newest file");
    }

    @Test
    void aFollowerHandsOverNewCompleteLinesAcrossARotation() throws Exception {
        write("elastic-agent.0.ndjson", "old");
        LogFiles.Follower f = new LogFiles.Follower(dir);
        List<String> seen = new ArrayList<>();
        append("elastic-agent.0.ndjson", "one\ntw");
        f.poll(seen::add);
        assertEquals(List.of("one"), seen, "a partial line waits for its end");
        append("elastic-agent.0.ndjson", "o\nthree\n");
        Files.move(dir.resolve("elastic-agent.0.ndjson"), dir.resolve("elastic-agent.1.ndjson"));
        write("elastic-agent.0.ndjson", "four");
        f.poll(seen::add);
        assertEquals(List.of("one", "two", "three", "four"), seen);
    }

    @Test
    void aFollowerOfADirectoryWithoutLogsStartsAtTheFirstFile() throws Exception {
        Path events = dir.resolve("events");
        LogFiles.Follower f = new LogFiles.Follower(events);
        List<String> seen = new ArrayList<>();
        f.poll(seen::add);
        Files.createDirectories(events);
        Files.writeString(events.resolve("elastic-agent-event-log-20240101.ndjson"), "e1\n");
        f.poll(seen::add);
        assertEquals(List.of("e1"), seen);
    }

    @Test
    void componentLinesCarryTheirIdAndTheFilterKeepsOnlyThem() {
        EcsFormatter ecs = new EcsFormatter();
        LogRecord r = new LogRecord(Level.INFO, "[fleet-server] {0} started");
        r.setParameters(new Object[] {new ComponentTag("fleet-server-default")});
        String component = ecs.format(r).strip();
        String agent = ecs.format(new LogRecord(Level.WARNING, "agent line")).strip();
        assertTrue(component.contains("\"message\":\"[fleet-server] {0} started\""), component);
        assertTrue(LogLines.ofComponent("fleet-server-default").test(component), component);
        assertFalse(LogLines.ofComponent("fleet-server-default").test(agent));
        assertFalse(LogLines.ofComponent("fleet-server-default").test("not json"));
        assertEquals("\u001b[33m" + agent + "\u001b[0m", LogLines.colored(agent));
        assertEquals("plain", LogLines.colored("plain"));
    }
}
