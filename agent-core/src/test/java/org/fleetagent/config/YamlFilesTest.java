package org.fleetagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlFilesTest {
    @TempDir
    Path dir;

    @Test
    void malformedYamlIsOneLineWithTheLineAndColumn() throws Exception {
        Path f = Files.writeString(dir.resolve("elastic-agent.yml"), "fleet:\n  enabled: [true\n");
        AgentException e = assertThrows(AgentException.class, () -> YamlFiles.read(f, "fix it"));
        assertEquals(ExitCode.FAILURE, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + " is not valid YAML at line 3, column 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("started at line 2, column 12"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": fix it"), e.getMessage());
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsNamed() throws Exception {
        Path f = Files.createDirectories(dir.resolve("elastic-agent.yml"));
        AgentException e = assertThrows(AgentException.class, () -> YamlFiles.read(f, "fix it"));
        assertEquals(f + " is a directory, not a YAML file of settings: fix it", e.getMessage());
    }

    @Test
    void aMissingFileIsEmptyAndAListIsNotSettings() throws Exception {
        assertEquals(Optional.empty(), YamlFiles.read(dir.resolve("none.yml"), "fix it"));
        Path f = Files.writeString(dir.resolve("list.yml"), "- a\n");
        AgentException e = assertThrows(AgentException.class, () -> YamlFiles.read(f, "fix it"));
        assertTrue(e.getMessage().contains("is not a map of settings"), e.getMessage());
    }
}
