package org.fleetagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceUserSwitchTest {
    @TempDir
    Path tmp;

    private InstallLayout installed(String user, String group) throws IOException {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        InstallLayout layout = new InstallLayout(tmp.resolve("root"), tmp.resolve("opt"), "");
        Files.createDirectories(layout.top());
        Files.createDirectories(layout.wrapper().getParent());
        Files.createDirectories(layout.unit().getParent());
        Files.writeString(layout.marker(), "");
        Files.writeString(layout.wrapper(), SystemdUnit.wrapper(layout));
        Files.writeString(layout.unit(), SystemdUnit.render(layout, user, group));
        InstallJournal j = InstallJournal.begin(layout, Map.of("service_mode", "PROCESS", "user", user, "group", group));
        j.markComplete();
        return layout;
    }

    @Test
    void unprivilegedWithoutNamesUsesTheRealDefaultsAndAddsThemToTheUnit() throws IOException {
        InstallLayout layout = installed("", "");
        ServiceUserSwitch.Plan plan = ServiceUserSwitch.plan(layout, true, null, null);
        assertEquals("", plan.fromUser());
        assertEquals("elastic-agent-user", plan.toUser());
        assertEquals("elastic-agent", plan.toGroup());
        assertEquals(AgentService.Mode.PROCESS, plan.mode());
        assertEquals(SystemdUnit.render(layout, "elastic-agent-user", "elastic-agent"), plan.unitAfter());
    }

    @Test
    void privilegedTakesUserAndGroupOutOfTheUnitAndKeepsTheRest() throws IOException {
        InstallLayout layout = installed("agentu", "agentg");
        ServiceUserSwitch.Plan plan = ServiceUserSwitch.plan(layout, false, "ignored", "ignored");
        assertEquals("agentu", plan.fromUser());
        assertEquals("agentg", plan.fromGroup());
        assertEquals("", plan.toUser());
        assertEquals(SystemdUnit.render(layout, "", ""), plan.unitAfter());
        assertEquals("root (privileged)", plan.describeTarget());
    }

    @Test
    void customNamesReplaceTheOnesInTheUnit() throws IOException {
        InstallLayout layout = installed("elastic-agent-user", "elastic-agent");
        ServiceUserSwitch.Plan plan = ServiceUserSwitch.plan(layout, true, "svc", "svcg");
        assertEquals(SystemdUnit.render(layout, "svc", "svcg"), plan.unitAfter());
    }

    @Test
    void aUnitEditedByTheAdministratorKeepsItsEditsAndOnlyItsServiceUserChanges() {
        String unit = "[Unit]\nDescription=x\nUser=not-this-section\n\n[Service]\nExecStart=/usr/bin/elastic-agent run\nGroup=old\n"
                + "Environment=A=1\nUser=old\n\n[Install]\nWantedBy=multi-user.target\n";
        assertEquals("[Unit]\nDescription=x\nUser=not-this-section\n\n[Service]\nExecStart=/usr/bin/elastic-agent run\nUser=new\nGroup=newg\n"
                + "Environment=A=1\n\n[Install]\nWantedBy=multi-user.target\n", SystemdUnit.withServiceUser(unit, "new", "newg"));
        // no User= and no WorkingDirectory=: at the end of [Service], before the blank line
        String bare = "[Service]\nExecStart=/x run\n\n[Install]\nWantedBy=multi-user.target\n";
        assertEquals("[Service]\nExecStart=/x run\nUser=u\nGroup=g\n\n[Install]\nWantedBy=multi-user.target\n",
                SystemdUnit.withServiceUser(bare, "u", "g"));
        assertEquals(bare, SystemdUnit.withServiceUser(SystemdUnit.withServiceUser(bare, "u", "g"), "", ""));
    }

    @Test
    void aNameThatCouldAddALineToTheUnitIsABadValue() throws IOException {
        InstallLayout layout = installed("", "");
        AgentException e = assertThrows(AgentException.class, () -> ServiceUserSwitch.plan(layout, true, "x\nExecStartPre=/bin/sh", null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("--user must be a user or group name"), e.getMessage());
        assertEquals(ExitCode.USAGE, assertThrows(AgentException.class, () -> ServiceUserSwitch.plan(layout, true, "u", "0bad group")).exitCode());
    }

    @Test
    void unprivilegedRefusesAnInstallTheServiceUserCannotReach() throws IOException {
        InstallLayout layout = installed("", "");
        Files.setPosixFilePermissions(layout.basePath(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        AgentException e = assertThrows(AgentException.class, () -> ServiceUserSwitch.plan(layout, true, null, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("chmod o+x " + layout.basePath()), e.getMessage());
        assertEquals("", ServiceUserSwitch.plan(layout, false, null, null).toUser(), "root reaches it anyway");
    }

    @Test
    void notInstalledNamesThePathAndTheFix() {
        InstallLayout layout = new InstallLayout(tmp.resolve("root"), tmp.resolve("opt"), "");
        AgentException e = assertThrows(AgentException.class, () -> ServiceUserSwitch.plan(layout, false, null, null));
        assertEquals(ExitCode.FAILURE, e.exitCode());
        assertEquals("Elastic Agent is not installed at " + layout.top() + ": install it with 'elastic-agent install' first"
                + " (or pass --base-path if it was installed elsewhere)", e.getMessage());
    }

    @Test
    void aBrokenInstallIsNotSwitched() throws IOException {
        InstallLayout layout = installed("", "");
        Files.delete(layout.marker());
        AgentException e = assertThrows(AgentException.class, () -> ServiceUserSwitch.plan(layout, true, null, null));
        assertTrue(e.getMessage().contains("install --force"), e.getMessage());
    }

    @Test
    void theJournalRecordsTheNewUserForUninstallAndVaultCheck() throws IOException {
        InstallLayout layout = installed("", "");
        InstallJournal j = InstallJournal.read(layout.journal()).orElseThrow();
        j.switchUser("svc", "svcg");
        InstallJournal again = InstallJournal.read(layout.journal()).orElseThrow();
        assertEquals("svc", again.settings().get("user"));
        assertEquals("svcg", again.settings().get("group"));
        assertTrue(again.complete());
        assertFalse(again.settings().get("system_root").isEmpty());
    }
}
