package org.fleetagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.DirSnapshot;
import org.fleetagent.fixtures.fleet.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code install} and {@code uninstall} run as root by the packaged launcher, rooted in a temporary directory:
 * {@code --base-path <tmp>/opt} and the hidden {@code --system-root <tmp>/root} for the wrapper and the unit.
 * systemd is not PID 1 here, so the agent runs in the documented process mode.
 */
class InstallIT extends InstallSandbox {

    @BeforeAll
    static void needsRoot() throws Exception {
        RootSupport.assumeRoot("InstallIT");
    }

    private static boolean agentProcessRunsFrom(Path top) throws Exception {
        return ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().map(c -> c.contains(top.toString()) && c.contains(" run")).orElse(false));
    }

    @Test
    void installEnrollsStartsAndUninstallLeavesNothingBehind() throws Exception {
        DirSnapshot before = DirSnapshot.of(tmp);
        AgentProcess.Result r = withToken().run(target.install(fleet));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("successfully installed"), r.out());
        assertEquals(1, fleet.agents().size());
        String id = fleet.agents().getFirst().id();

        // the wrapper on the PATH runs the installed agent, whose daemon is up and checked in with Fleet
        AgentProcess.Result status = wrapper("", "status", "--output", "full");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("id: " + id), status.out());
        fleet.awaitCheckins(id, 1, Duration.ofSeconds(20));
        assertEquals("#!/bin/sh\nexec " + target.top().resolve("elastic-agent") + " \"$@\"\n", Files.readString(target.wrapper()));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.top())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.top().resolve("fleet.enc"))));
        assertFalse(Files.readString(target.top().resolve(".install-journal.json")).contains(fleet.enrollmentToken()));

        // the unit is what systemd accepts
        Path unit = target.unit();
        String unitText = Files.readString(unit);
        assertTrue(unitText.contains("Type=notify") && unitText.contains("Restart=always") && unitText.contains("RestartSec=2") && unitText.contains("StartLimitBurst=10"), unitText);
        Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String verifyOut = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), verifyOut);
        assertEquals("", verifyOut.strip(), "systemd-analyze verify has complaints");

        AgentProcess.Result un = wrapper("", "uninstall", "-f");
        assertEquals(0, un.exitCode(), un.toString());
        assertEquals(before, DirSnapshot.of(tmp), "uninstall left files behind");
        assertFalse(agentProcessRunsFrom(target.top()), "the agent still runs after uninstall");
        List<RecordedRequest> audit = fleet.requests().stream().filter(q -> q.path().endsWith("/audit/unenroll")).toList();
        assertEquals(1, audit.size(), "uninstall did not tell Fleet");
        assertEquals("uninstall", audit.getFirst().json().path("reason").asText());
    }

    @Test
    void uninstallKeepsWhatOthersPutInDirectoriesInstallCreated() throws Exception {
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        // base/Elastic was created by install; somebody keeps a file there afterwards
        Path theirs = target.base().resolve("Elastic/notes.txt");
        Files.writeString(theirs, "not the agent's");
        AgentProcess.Result un = wrapper("", "uninstall", "-f");
        assertEquals(0, un.exitCode(), un.toString());
        assertTrue(Files.exists(theirs), "uninstall removed a file it did not create");
        assertFalse(Files.exists(target.top()));
        assertFalse(Files.exists(target.wrapper()));
        // base did not exist before install, so base is the highest directory install created; it is the one kept
        assertTrue(un.err().contains("kept " + target.base() + "/: it holds files that install did not put there"), un.err());
    }

    @Test
    void failedEnrollRollsTheWholeInstallBack() throws Exception {
        DirSnapshot before = DirSnapshot.of(tmp);
        // a well-formed token that Fleet does not know: the install gets as far as the enroll, which is rejected
        String unknown = java.util.Base64.getEncoder().encodeToString("nokeyid0000000000000:nosecret0000000000000".getBytes(StandardCharsets.UTF_8));
        AgentProcess.Result r = AgentProcess.launcher().timeout(Duration.ofMinutes(2)).env("FLEET_ENROLLMENT_TOKEN", unknown).run(target.install(fleet));
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("rolled back") && r.err().contains("the host is as it was before"), r.err());
        assertTrue(r.err().contains("stopped the agent"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("Error:")).count(), r.err());
        assertEquals(before, DirSnapshot.of(tmp), "the rollback left files behind");
        assertFalse(agentProcessRunsFrom(target.top()), "the agent still runs after the rollback");
        assertEquals(0, fleet.agents().size());
    }

    @Test
    void secondInstallWithTheSameArgumentsIsANoOp() throws Exception {
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        DirSnapshot installed = DirSnapshot.of(target.top().resolve("vault"));

        AgentProcess.Result again = withToken().run(target.install(fleet));
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("nothing to do"), again.out());
        assertEquals(1, fleet.enrollRequests().size(), "the second install enrolled again");
        assertEquals(installed, DirSnapshot.of(target.top().resolve("vault")));
        assertEquals(1, fleet.agents().size());

        // another Fleet URL without --force is a conflict that changes nothing
        AgentProcess.Result other = withToken().run(target.args("install", "--url", "https://fleet.other.example:8220", "-n"));
        assertEquals(6, other.exitCode(), other.toString());
        assertTrue(other.err().contains("--force"), other.err());
    }

    @Test
    void forceReinstallKeepsTheAgentId() throws Exception {
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        String id = fleet.agents().getFirst().id();
        AgentProcess.Result r = withToken().run(target.install(fleet, "--force"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("as agent " + id + " (the same id as before)"), r.out());
        assertEquals(2, fleet.enrollRequests().size());
        assertEquals(1, fleet.agents().size(), "Fleet has a duplicate agent: " + fleet.agents());
        assertEquals(id, fleet.agents().getFirst().id());
        assertEquals(0, wrapper("", "status").exitCode());
    }

    @Test
    void forceReinstallIntoAnAgentFleetWillNotReplaceEnrollsAFreshAgentAndRetiresTheOldOne() throws Exception {
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        String oldId = fleet.agents().getFirst().id();
        assertTrue(fleet.reassignAgent(oldId, "moved-in-kibana"), "the agent was moved to another policy");
        AgentProcess.Result r = withToken().run(target.install(fleet, "--force"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(3, fleet.enrollRequests().size(), "the refused replacement, then a fresh enrollment");
        String newId = fleet.agents().stream().map(a -> a.id()).filter(id -> !id.equals(oldId)).findFirst().orElseThrow();
        assertTrue(r.out().contains("as agent " + newId + " (Fleet would not let it keep the id " + oldId), r.out());
        assertTrue(r.out().contains("Fleet was told that the old agent " + oldId + " is uninstalled"), r.out());
        assertEquals("uninstall", fleet.agent(oldId).orElseThrow().auditUnenrollReason());
        assertEquals(0, wrapper("", "status").exitCode());
        fleet.awaitCheckins(newId, 1, Duration.ofSeconds(30));
    }

    @Test
    void anInterruptedInstallIsUndoneByTheNextInstallUnderTheSameAgentId() throws Exception {
        DirSnapshot before = DirSnapshot.of(tmp);
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        String id = fleet.agents().getFirst().id();
        // what a kill before the last step leaves: every change made, the journal not marked complete
        Path journal = target.top().resolve(".install-journal.json");
        Files.writeString(journal, Files.readString(journal).replace("\"complete\":true", "\"complete\":false"));

        AgentProcess.Result again = withToken().run(target.install(fleet));
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("Undoing the interrupted install"), again.err());
        assertEquals(1, fleet.agents().size(), "Fleet has a duplicate agent: " + fleet.agents());
        assertEquals(id, fleet.agents().getFirst().id());
        assertEquals(0, wrapper("", "status").exitCode());

        Files.writeString(journal, Files.readString(journal).replace("\"complete\":true", "\"complete\":false"));
        AgentProcess.Result un = agent.run(target.args("uninstall", "-f", "--skip-fleet-audit"));
        assertEquals(0, un.exitCode(), un.toString());
        assertEquals(before, DirSnapshot.of(tmp), "uninstall of an interrupted install left files behind");
    }

    @Test
    void anInstallKilledBeforeItsTopExistedIsUndoneByUninstall() throws Exception {
        DirSnapshot before = DirSnapshot.of(tmp);
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        // the journal as it waits beside the first directory install creates, before that directory exists
        Path journal = target.top().resolve(".install-journal.json");
        String text = Files.readString(journal).replace("\"complete\":true", "\"complete\":false");
        assertEquals(0, agent.run(target.args("uninstall", "-f", "--skip-fleet-audit")).exitCode());
        assertEquals(before, DirSnapshot.of(tmp));
        String waiting = text.substring(text.indexOf("\"anchor\":\"") + 10).split("\"")[0];
        try (var list = Files.list(tmp)) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().startsWith(".elastic-agent-install")));
        }
        Files.createDirectories(target.base().resolve("Elastic"));
        Path name = Path.of(waiting).resolve(".elastic-agent-install-" + shortHash(target.top()) + ".json");
        Files.writeString(name, text);

        AgentProcess.Result un = agent.run(target.args("uninstall", "-f", "--skip-fleet-audit"));
        assertEquals(0, un.exitCode(), un.toString());
        assertEquals(before, DirSnapshot.of(tmp), "uninstall after an early kill left files behind (an empty Elastic directory?)");
    }

    private static String shortHash(Path top) throws Exception {
        byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(top.toString().getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(h, 0, 6);
    }

    @Test
    void brokenHalfInstallIsNamedAndCleanedUp() throws Exception {
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        assertEquals(0, wrapper("", "uninstall", "-f", "--skip-fleet-audit").exitCode());
        DirSnapshot clean = DirSnapshot.of(tmp);
        assertEquals(0, withToken().run(target.install(fleet)).exitCode());
        // a crash in the middle of an install: the marker and the wrapper are gone, the agent still runs
        Files.delete(target.top().resolve(".installed"));
        Files.delete(target.wrapper());

        AgentProcess.Result again = withToken().run(target.install(fleet));
        assertEquals(6, again.exitCode(), again.toString());
        assertTrue(again.err().contains("broken") && again.err().contains("uninstall --force"), again.err());

        AgentProcess.Result un = agent.run(target.args("uninstall", "-f"));
        assertEquals(0, un.exitCode(), un.toString());
        assertEquals(clean, DirSnapshot.of(tmp), "the cleanup left files behind");
        assertFalse(agentProcessRunsFrom(target.top()));
    }

    @Test
    void unprivilegedInstallRunsAsTheServiceUserAndUninstallRemovesIt() throws Exception {
        String name = "eatest" + ProcessHandle.current().pid() % 100000;
        String group = name + "g";
        AgentProcess.Result r = withToken().run(target.install(fleet, "--unprivileged", "--user", name, "--group", group));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(name, Files.getOwner(target.top().resolve("fleet.enc")).getName());
        assertEquals(group, Files.readAttributes(target.top().resolve("fleet.enc"), java.nio.file.attribute.PosixFileAttributes.class).group().getName());
        String unitText = Files.readString(target.unit());
        assertTrue(unitText.contains("User=" + name) && unitText.contains("Group=" + group), unitText);
        AgentProcess.Result status = wrapper("", "status", "--output", "json");
        long pid = StatusJson.of(status).info().pid();
        String uidLine = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        Process id = new ProcessBuilder("id", "-u", name).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(uidLine.split("\\s+")[1].equals(uid), "the daemon runs as " + uidLine + ", not as " + name + " (" + uid + ")");

        AgentProcess.Result un = wrapper("", "uninstall", "-f");
        assertEquals(0, un.exitCode(), un.toString());
        assertEquals(2, new ProcessBuilder("getent", "passwd", name).start().waitFor(), "the service user is still there: " + un);
        assertEquals(2, new ProcessBuilder("getent", "group", group).start().waitFor(), "the service group is still there: " + un);
    }

    @Test
    void userWithoutUnprivilegedIsIgnoredWithOneWarningAsTheRealAgentIgnoresIt() throws Exception {
        AgentProcess.Result r = withToken().run(target.install(fleet, "--user", "nobody", "--group", "nogroup"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("Warning: --user and --group are ignored without --unprivileged")).count(),
                r.err());
        String unitText = Files.readString(target.unit());
        assertFalse(unitText.contains("User=") || unitText.contains("Group="), "the service runs as root:\n" + unitText);
        assertEquals("root", Files.getOwner(target.top().resolve("fleet.enc")).getName());
        assertEquals(0, wrapper("", "uninstall", "-f").exitCode());
    }

    @Test
    void unprivilegedInstallUnderAPrivateDirectoryIsRefusedBeforeAnythingChanges() throws Exception {
        Path priv = tmp.resolve("private");
        Files.createDirectory(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DirSnapshot before = DirSnapshot.of(tmp);
        AgentProcess.Result r = withToken().run("install", "--url", fleet.url(), "--insecure", "-n", "--unprivileged",
                "--base-path", priv.resolve("opt").toString(), "--system-root", target.systemRoot().toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("chmod o+x " + priv), r.err());
        assertEquals(before, DirSnapshot.of(tmp));
    }

    @Test
    void onATerminalItAsksFirstAndAnsweringNoChangesNothing() throws Exception {
        DirSnapshot before = DirSnapshot.of(tmp);
        // script(1) gives the installer a terminal; the answer "n" comes on it
        String cmd = String.join(" ", agent.path().toString(), "install", "--url", fleet.url(), "--insecure",
                "--base-path", target.base().toString(), "--system-root", target.systemRoot().toString());
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", cmd, "/dev/null");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FLEET_ENROLLMENT_TOKEN", fleet.enrollmentToken());
        pb.redirectErrorStream(true).redirectOutput(scratch.resolve("prompt.out").toFile());
        Process p = pb.start();
        p.getOutputStream().write("n\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(scratch.resolve("prompt.out"));
        assertTrue(out.contains("will be installed at " + target.top() + " and will run as a service. Do you want to continue? [Y/n]"), out);
        assertTrue(out.contains("cancelled") && out.contains("nothing was changed"), out);
        assertEquals(before, DirSnapshot.of(tmp));
        assertEquals(0, fleet.enrollRequests().size());
    }

    @Test
    void delayedEnrollmentHappensOnTheFirstStart() throws Exception {
        AgentProcess.Result r = withToken().run(target.install(fleet, "--delay-enroll"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(0, fleet.enrollRequests().size());
        assertTrue(Files.exists(target.top().resolve("enroll.enc")));
        assertFalse(Files.readString(target.top().resolve("enroll.enc"), StandardCharsets.ISO_8859_1).contains(fleet.enrollmentToken()));
        assertFalse(agentProcessRunsFrom(target.top()), "--delay-enroll must not start the service");

        // the first start of the service enrolls
        ProcessBuilder pb = new ProcessBuilder(target.wrapper().toString(), "run");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectErrorStream(true).redirectOutput(scratch.resolve("run.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process run = pb.start();
        try {
            String id = fleet.awaitEnrollments(1, Duration.ofSeconds(30)).getFirst().id();
            fleet.awaitCheckins(id, 1, Duration.ofSeconds(30));
            assertFalse(Files.exists(target.top().resolve("enroll.enc")));
        } finally {
            run.destroy();
            run.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
