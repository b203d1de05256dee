package org.fleetagent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.fleetagent.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's log files rotate: a bounded number of files, each near the limit, newest first, whole JSON lines. */
class AgentLoggingTest {
    @TempDir
    Path dir;

    @AfterEach
    void closeHandlers() {
        Logger root = Logger.getLogger(AgentLogging.ROOT);
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
    }

    @Test
    void logFilesRotateAndKeepOnlyTheConfiguredNumber() throws Exception {
        Path logs = dir.resolve("logs");
        int limit = 4096;
        Logger log = AgentLogging.configure(logs, false, Level.INFO, System.err, limit, 3);
        Logger agent = Logger.getLogger(AgentLogging.ROOT + ".test");
        for (int i = 0; i < 400; i++) {
            agent.info("line " + i + " " + "x".repeat(40));
        }
        for (Handler h : log.getHandlers()) {
            h.flush();
        }
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)));
        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
        assertEquals(List.of("elastic-agent.0.ndjson", "elastic-agent.1.ndjson", "elastic-agent.2.ndjson"),
                files.stream().map(p -> p.getFileName().toString()).toList(), "three files, no more");
        for (Path f : files) {
            assertTrue(Files.size(f) <= limit + 512, f + " is " + Files.size(f) + " bytes");
            for (String line : Files.readAllLines(f)) {
                assertTrue(Json.read(line.getBytes(), Object.class) != null, "one JSON document per line: " + line);
                assertTrue(line.contains("\"log.level\":\"info\""), line);
            }
        }
        List<String> newest = Files.readAllLines(files.getFirst());
        assertTrue(newest.getLast().contains("line 399"), "the newest line is in .0: " + newest.getLast());
        List<String> oldestKept = Files.readAllLines(files.getLast());
        assertTrue(!oldestKept.getFirst().contains("\"line 0 "), "the first lines rotated away");
    }
}
