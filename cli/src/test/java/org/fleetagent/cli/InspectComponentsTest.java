package org.fleetagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectComponentsTest {
    @TempDir
    Path home;

    @BeforeEach
    void standalonePolicy() throws Exception {
        Files.writeString(home.resolve("elastic-agent.yml"), """
                outputs:
                  default:
                    type: elasticsearch
                    hosts: [https://es:9200]
                    password: CANARY-pw-123
                inputs:
                  - id: logs-1
                    type: filestream
                    paths: [/var/log/*.log]
                  - id: sys-1
                    type: system/metrics
                """);
    }

    private CliRunner.Outcome run(String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "inspect";
        args[1] = "components";
        System.arraycopy(more, 0, args, 2, more.length);
        args[more.length + 2] = "--path.home";
        args[more.length + 3] = home.toString();
        return CliRunner.run(args);
    }

    @Test
    void listsOneComponentPerInputTypeWithoutConfigByDefault() {
        CliRunner.Outcome o = run();
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("components:\n"), o.out());
        o.assertOutHas("id: filestream-default", "id: system/metrics-default", "id: filestream-default-logs-1");
        o.assertOutLacks("config", "input_spec");
    }

    @Test
    void showConfigRedactsAndShowSpecNamesTheProgram() {
        CliRunner.Outcome o = run("--show-config", "--show-spec");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("/var/log/*.log"), o.out());
        assertFalse(o.out().contains("CANARY-pw-123"), o.out());
        assertTrue(o.out().contains("binary_path: " + home.resolve("components/filestream")), o.out());
    }

    @Test
    void anIdSelectsAComponentOrAUnitWithItsConfig() {
        CliRunner.Outcome comp = run("filestream-default");
        assertEquals(0, comp.code(), comp.err());
        assertTrue(comp.out().startsWith("id: filestream-default\n"), comp.out());
        assertFalse(comp.out().contains("system/metrics"), comp.out());
        CliRunner.Outcome unit = run("filestream-default/filestream-default-logs-1");
        assertEquals(0, unit.code(), unit.err());
        assertTrue(unit.out().contains("/var/log/*.log"), "a unit shows its config: " + unit.out());
    }

    @Test
    void anUnknownIdIsOneLineAndExitOne() {
        CliRunner.Outcome o = run("nope-default");
        assertEquals(1, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("Error: unable to find component with ID: nope-default"), o.err());
    }
}
