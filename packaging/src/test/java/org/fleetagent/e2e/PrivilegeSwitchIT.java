package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code privileged} and {@code unprivileged} run by the installed agent's wrapper, as root, on an install rooted in a
 * temporary directory (as {@link InstallIT}): the files, the unit, the journal and the running daemon's user follow each
 * switch, the agent checks in with Fleet again, and uninstall still removes everything.
 */
class PrivilegeSwitchIT extends InstallSandbox {
    // host-wide names: unique per run, so parallel runs do not share them
    private final String user = "easw" + ProcessHandle.current().pid() % 100000;
    private final String group = user + "g";

    @BeforeAll
    static void needsRoot() throws Exception {
        RootSupport.assumeRoot("PrivilegeSwitchIT");
    }

    private void install(String... extra) {
        AgentProcess.Result r = withToken().run(target.install(fleet, extra));
        assertEquals(0, r.exitCode(), r.toString());
    }

    /** The uid the running daemon has, from /proc. */
    private String daemonUid() throws Exception {
        AgentProcess.Result status = wrapper("", "status", "--output", "json");
        long pid = StatusJson.of(status).info().pid();
        String uidLine = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        return uidLine.split("\\s+")[2]; // effective uid
    }

    private static String uidOf(String name) throws Exception {
        Process id = new ProcessBuilder("id", "-u", name).start();
        return new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    /** Every file under the install belongs to {@code owner}:{@code ownerGroup} and none is open to other users. */
    private void assertOwnedWithoutWorldAccess(String owner, String ownerGroup) throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(target.top())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                // the empty lock of the log handler is made by the daemon started after the switch (behind the 0750 top)
                boolean lock = p.getFileName().toString().endsWith(".lck") && a.size() == 0;
                boolean world = !a.isSymbolicLink() && !lock && a.permissions().stream().anyMatch(x -> x == PosixFilePermission.OTHERS_READ
                        || x == PosixFilePermission.OTHERS_WRITE || x == PosixFilePermission.OTHERS_EXECUTE);
                if (!a.owner().getName().equals(owner) || !a.group().getName().equals(ownerGroup) || world) {
                    wrong.add(p + " " + a.owner().getName() + ":" + a.group().getName() + " " + PosixFilePermissions.toString(a.permissions()));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void unprivilegedToPrivilegedAndBackFollowsFilesUnitAndDaemonAndUninstallStillCleansUp() throws Exception {
        install("--unprivileged", "--user", user, "--group", group);
        String id = fleet.agents().getFirst().id();
        assertEquals(uidOf(user), daemonUid());

        AgentProcess.Result toRoot = wrapper("", "privileged", "-f");
        assertEquals(0, toRoot.exitCode(), toRoot.toString());
        assertEquals("Elastic Agent at " + target.top() + " now runs as root (privileged).\n", toRoot.out());
        assertTrue(toRoot.err().contains("Stopped the agent") && toRoot.err().contains("Service is up and running"), toRoot.err());
        assertOwnedWithoutWorldAccess("root", "root");
        String unitText = Files.readString(target.unit());
        assertFalse(unitText.contains("User=") || unitText.contains("Group="), unitText);
        assertEquals("0", daemonUid());
        assertFalse(StatusJson.of(wrapper("", "status", "--output", "json")).info().unprivileged());
        int before = fleet.checkins(id).size();
        fleet.awaitCheckins(id, before + 1, Duration.ofSeconds(30));
        AgentProcess.Result vault = wrapper("", "vault", "check");
        assertTrue(vault.out().contains("Service user: root"), vault.toString());

        AgentProcess.Result back = wrapper("", "unprivileged", "--force", "--user", user, "--group", group);
        assertEquals(0, back.exitCode(), back.toString());
        assertEquals("Elastic Agent at " + target.top() + " now runs as user " + user + ", group " + group + " (unprivileged).\n", back.out());
        assertOwnedWithoutWorldAccess(user, group);
        unitText = Files.readString(target.unit());
        assertTrue(unitText.contains("\nUser=" + user + "\nGroup=" + group + "\n"), unitText);
        assertEquals(uidOf(user), daemonUid());
        assertTrue(StatusJson.of(wrapper("", "status", "--output", "json")).info().unprivileged());
        before = fleet.checkins(id).size();
        fleet.awaitCheckins(id, before + 1, Duration.ofSeconds(30));
        vault = wrapper("", "vault", "check");
        assertEquals(0, vault.exitCode(), vault.toString());
        assertTrue(vault.out().contains("Service user: " + user), vault.toString());

        AgentProcess.Result un = wrapper("", "uninstall", "-f");
        assertEquals(0, un.exitCode(), un.toString());
        assertFalse(Files.exists(target.top()));
        assertEquals(2, new ProcessBuilder("getent", "passwd", user).start().waitFor(), "the service user is still there: " + un);
        assertEquals(2, new ProcessBuilder("getent", "group", group).start().waitFor(), "the service group is still there: " + un);
    }

    @Test
    void aUserTheSwitchCreatedIsRemovedByUninstall() throws Exception {
        install();
        assertEquals("0", daemonUid());
        AgentProcess.Result r = wrapper("y\n", "unprivileged", "--user", user, "--group", group);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("This will restart the running Elastic Agent and convert it to run in unprivileged mode."
                + " Do you want to continue? [Y/n]:"), r.out());
        assertTrue(r.err().contains("Created the group " + group) && r.err().contains("Created the user " + user), r.err());
        assertEquals(uidOf(user), daemonUid());
        AgentProcess.Result un = wrapper("", "uninstall", "-f", "--skip-fleet-audit");
        assertEquals(0, un.exitCode(), un.toString());
        assertEquals(2, new ProcessBuilder("getent", "passwd", user).start().waitFor(), "the service user is still there: " + un);
        assertEquals(2, new ProcessBuilder("getent", "group", group).start().waitFor(), "the service group is still there: " + un);
    }

    @Test
    void answeringNoOrNotAnsweringChangesNothing() throws Exception {
        install();
        DirSnapshot installed = DirSnapshot.of(target.top().resolve("vault"));
        String unitBefore = Files.readString(target.unit());
        String pid = String.valueOf(StatusJson.of(wrapper("", "status", "--output", "json")).info().pid());

        AgentProcess.Result no = wrapper("n\n", "unprivileged");
        assertEquals(1, no.exitCode(), no.toString());
        assertEquals("Error: unprivileged switch was cancelled by the user; nothing was changed\n", no.err());
        AgentProcess.Result eof = wrapper("", "unprivileged");
        assertEquals(1, eof.exitCode(), eof.toString());
        assertTrue(eof.err().startsWith("Error: problem reading prompt response"), eof.err());

        assertEquals(unitBefore, Files.readString(target.unit()));
        assertEquals(installed, DirSnapshot.of(target.top().resolve("vault")));
        assertEquals(pid, String.valueOf(StatusJson.of(wrapper("", "status", "--output", "json")).info().pid()), "the agent was restarted");
    }

    @Test
    void withoutAnInstallItSaysSoAndChangesNothing() {
        DirSnapshot before = DirSnapshot.of(tmp);
        AgentProcess.Result r = agent.run(target.args("privileged", "-f"));
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("Error: Elastic Agent is not installed at " + target.top() + ": install it with 'elastic-agent install' first"
                + " (or pass --base-path if it was installed elsewhere)\n", r.err());
        assertEquals(before, DirSnapshot.of(tmp));
    }
}
