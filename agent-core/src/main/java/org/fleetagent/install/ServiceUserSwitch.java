package org.fleetagent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AtomicFiles;
import org.fleetagent.platform.Posix;

/**
 * {@code privileged} and {@code unprivileged}: switches the service user of an installed agent, as the real agent's
 * {@code install.SwitchExecutingMode}: stop the agent, create the user and group when missing, give them (or root)
 * the install tree with the vault and take away any access of other users, rewrite {@code User=}/{@code Group=} of
 * the unit (and reload systemd), then start the agent, also when it was stopped before. The new user goes into the
 * install journal, which uninstall, a repeated install and {@code vault check} read.
 */
public final class ServiceUserSwitch {

    /**
     * What a switch will do, worked out before anything changes.
     *
     * @param layout     the install
     * @param mode       how the agent runs there
     * @param fromUser   its service user now (empty: root)
     * @param fromGroup  its service group now (empty: root)
     * @param toUser     the service user after the switch (empty: root)
     * @param toGroup    the service group after the switch (empty: root)
     * @param unitBefore the unit as it is
     * @param unitAfter  the unit as the switch writes it
     */
    public record Plan(InstallLayout layout, AgentService.Mode mode, String fromUser, String fromGroup, String toUser, String toGroup,
                       String unitBefore, String unitAfter) {

        /** The owner of the files after the switch. */
        String ownerUser() {
            return toUser.isEmpty() ? "root" : toUser;
        }

        String ownerGroup() {
            return toGroup.isEmpty() ? "root" : toGroup;
        }

        /** Who the service runs as after the switch, for messages. */
        public String describeTarget() {
            return toUser.isEmpty() ? "root (privileged)" : "user " + toUser + ", group " + toGroup + " (unprivileged)";
        }
    }

    /** A user or group name useradd accepts; anything else could smuggle a line into the unit. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,31}\\$?");

    private final Consumer<String> progress;

    /** @param progress sees one line per step */
    public ServiceUserSwitch(Consumer<String> progress) {
        this.progress = progress;
    }

    /** The real agent's refusal when not run as root; {@code command} is privileged or unprivileged. */
    public static void requireRoot(String command) {
        if (Posix.geteuid() != 0) {
            throw new AgentException(ExitCode.FAILURE, "unable to perform " + command + " command, not executed with root permissions");
        }
    }

    /**
     * Works out the switch of the install at {@code layout} to {@code user}/{@code group} (unprivileged; empty for
     * the real defaults) or to root (privileged). Reads only.
     */
    public static Plan plan(InstallLayout layout, boolean unprivileged, String user, String group) {
        String toUser = unprivileged ? nonEmpty(user, ServiceAccounts.DEFAULT_USER) : "";
        String toGroup = unprivileged ? nonEmpty(group, ServiceAccounts.DEFAULT_GROUP) : "";
        for (String[] n : List.of(new String[] {"--user", toUser}, new String[] {"--group", toGroup})) {
            if (unprivileged && !NAME.matcher(n[1]).matches()) {
                throw new AgentException(ExitCode.USAGE, n[0] + " must be a user or group name: a letter or '_', then letters, digits, '.', '_'"
                        + " or '-', at most 32 (got \"" + n[1] + "\")");
            }
        }
        InstallStatus status = InstallStatus.of(layout);
        if (status.kind() == InstallStatus.Kind.NOT_INSTALLED) {
            throw new AgentException(ExitCode.FAILURE, "Elastic Agent is not installed at " + layout.top()
                    + ": install it with 'elastic-agent install' first (or pass --base-path if it was installed elsewhere)");
        }
        if (status.kind() == InstallStatus.Kind.BROKEN) {
            throw new AgentException(ExitCode.FAILURE, "the Elastic Agent install is broken (" + status.detail()
                    + "): repair it with 'elastic-agent install --force' first");
        }
        if (unprivileged) {
            Installer.checkTraversable(layout.top()); // as install --unprivileged: the user must reach the install
        }
        Optional<InstallJournal> journal = journal(layout);
        String unit;
        try {
            unit = Files.readString(layout.unit(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read the service unit " + layout.unit() + ": " + e.getMessage(), e);
        }
        String fromUser = journal.map(j -> j.settings().getOrDefault("user", "")).orElse("");
        String fromGroup = journal.map(j -> j.settings().getOrDefault("group", "")).orElse("");
        AgentService.Mode mode = journal.map(j -> j.settings().get("service_mode")).map(AgentService.Mode::valueOf)
                .orElse(AgentService.modeFor(layout));
        return new Plan(layout, mode, fromUser, fromGroup, toUser, toGroup, unit, SystemdUnit.withServiceUser(unit, toUser, toGroup));
    }

    /**
     * Carries out {@code plan}; waits up to {@code wait} for the daemon to answer again (null: does not wait). A failure
     * before the agent is started puts the files, the unit and the journal back and restarts the agent if it ran.
     */
    public void apply(Plan plan, Duration wait) {
        InstallLayout layout = plan.layout();
        InstallJournal journal = journal(layout).orElseGet(() -> begin(layout, plan));
        AgentService before = new AgentService(layout, plan.mode(), plan.fromUser(), plan.fromGroup());
        boolean wasRunning = before.stop(Duration.ofSeconds(30));
        progress.accept(wasRunning ? "Stopped the agent" : "Service already stopped");
        try {
            if (!plan.toUser().isEmpty()) {
                ServiceAccounts.ensure(journal, plan.toUser(), plan.toGroup(), progress);
            }
            journal.switchUser(plan.toUser(), plan.toGroup()); // before the files are given away: the journal is one of them
            giveFiles(layout, plan.ownerUser(), plan.ownerGroup());
            progress.accept("Adjusting permissions: " + layout.top() + " now belongs to " + plan.ownerUser() + ":" + plan.ownerGroup()
                    + ", with no access for other users");
            writeUnit(plan, plan.unitAfter());
            progress.accept("Changing service user: " + layout.unit() + " now runs the agent as " + plan.describeTarget());
        } catch (IOException | RuntimeException e) {
            throw new AgentException(ExitCode.FAILURE, "switching the service user failed: " + e.getMessage() + "; " + putBack(plan, journal, before, wasRunning), e);
        }
        AgentService after = new AgentService(layout, plan.mode(), plan.toUser(), plan.toGroup());
        progress.accept("Starting service");
        try {
            if (wait == null) {
                after.launch();
            } else {
                after.start(wait);
                progress.accept("Service is up and running");
            }
        } catch (AgentException e) {
            throw new AgentException(e.exitCode(), "the agent now runs as " + plan.describeTarget() + " but did not start: " + e.getMessage(), e);
        }
    }

    private static void giveFiles(InstallLayout layout, String user, String group) throws IOException {
        ServiceAccounts.giveTree(layout.top(), user, group, true);
        // a socket too long for <top> lives in /tmp/elastic-agent/, which the daemon must be able to write
        Path socketDir = layout.agentPaths().socket().getParent();
        if (!socketDir.startsWith(layout.top()) && socketDir.getFileName().toString().equals("elastic-agent") && Files.isDirectory(socketDir)) {
            ServiceAccounts.giveTree(socketDir, user, group, true);
        }
    }

    private static void writeUnit(Plan plan, String text) throws IOException {
        AtomicFiles.write(plan.layout().unit(), text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        if (plan.mode() == AgentService.Mode.SYSTEMD) {
            SystemCommands.check(List.of("systemctl", "daemon-reload"), "reloading systemd");
        }
    }

    /** Undoes a switch that failed half-way, as far as it can; says what it did. */
    private String putBack(Plan plan, InstallJournal journal, AgentService before, boolean wasRunning) {
        try {
            journal.switchUser(plan.fromUser(), plan.fromGroup());
            giveFiles(plan.layout(), plan.fromUser().isEmpty() ? "root" : plan.fromUser(), plan.fromGroup().isEmpty() ? "root" : plan.fromGroup());
            writeUnit(plan, plan.unitBefore());
            if (wasRunning) {
                before.start(Duration.ofSeconds(60));
            }
            return "the agent was put back as it was" + (wasRunning ? " and runs again" : "");
        } catch (IOException | RuntimeException e) {
            return "putting the agent back failed too (" + e.getMessage() + "): run the command again, or reinstall with 'elastic-agent install --force'";
        }
    }

    /** A journal for an install made before journals kept the service user. */
    private static InstallJournal begin(InstallLayout layout, Plan plan) {
        try {
            return InstallJournal.begin(layout, java.util.Map.of("service_mode", plan.mode().name()));
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write the install journal " + layout.journal() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<InstallJournal> journal(InstallLayout layout) {
        try {
            return InstallJournal.locate(layout);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read the install journal " + layout.journal() + ": " + e.getMessage(), e);
        }
    }

    private static String nonEmpty(String s, String dflt) {
        return s == null || s.isEmpty() ? dflt : s;
    }
}
