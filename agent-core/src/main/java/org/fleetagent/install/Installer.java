package org.fleetagent.install;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.State;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.AtomicFiles;
import org.fleetagent.platform.Posix;

/**
 * {@code install} as one transaction: copy the distribution to {@code <base>/Elastic/Agent}, write the
 * {@code /usr/bin} wrapper and the systemd unit, create the service account (unprivileged), enable and start the
 * service, then enroll. Every step goes into the install journal before it is taken; when any step fails, the enroll
 * included, the journal is undone newest first and the error says that the host is as it was. An install that was
 * killed half-way is undone by the next install (which then installs afresh) or by uninstall, from its journal.
 *
 * <p>Installing again with the same Fleet URL where the agent is installed and enrolled there changes nothing
 * and succeeds, so provisioning tools can run it twice. {@code --force} replaces an install, or cleans up a
 * half-finished one, and enrolls again under the same agent id (the replace token kept in fleet.enc), so Fleet
 * never shows a duplicate agent.
 */
public final class Installer {

    /** What to do with the install when enrollment fails ({@code --on-enroll-failure}). */
    public enum OnEnrollFailure {
        /** undo the whole install (default) */
        ROLLBACK,
        /** keep the agent installed and running, not enrolled */
        KEEP
    }

    /**
     * What to install.
     *
     * @param layout          where
     * @param source          the distribution to copy (the directory of the running launcher)
     * @param force           replace an install, or clean up a broken one
     * @param unprivileged    run the service as {@code user}/{@code group}
     * @param user            the service user ({@code elastic-agent-user} by default)
     * @param group           the service group ({@code elastic-agent} by default)
     * @param delayEnroll     enroll on the first start of the service; the service is installed but not started
     * @param fleetUrl        the Fleet URL to enroll into, or null for a standalone install (no enrollment)
     * @param onEnrollFailure rollback (default) or keep
     */
    public record Request(InstallLayout layout, Path source, boolean force, boolean unprivileged, String user, String group,
                          boolean delayEnroll, URI fleetUrl, OnEnrollFailure onEnrollFailure) {
    }

    /** Enrolls the freshly installed agent (or writes its delayed enrollment); returns a line saying what it did. */
    public interface EnrollStep {
        /**
         * @param paths    the installed agent's paths
         * @param previous the enrollment of the install that {@code --force} replaced: enroll under its agent id
         */
        String enroll(AgentPaths paths, Optional<Enrollment> previous);
    }

    /**
     * The result.
     *
     * @param changed whether the host was changed
     * @param message what happened, for the operator
     */
    public record Outcome(boolean changed, String message) {
    }

    private final java.util.function.Consumer<String> progress;
    private final Map<String, String> env;

    /** @param progress sees one line per step (and per undone step) */
    public Installer(java.util.function.Consumer<String> progress, Map<String, String> env) {
        this.progress = progress;
        this.env = env;
    }

    /** Installs; see the class comment. Throws an {@link AgentException} after rolling back on failure. */
    public Outcome install(Request r, EnrollStep enrollStep) {
        InstallLayout layout = r.layout();
        if (Posix.geteuid() != 0) {
            throw new AgentException(ExitCode.USAGE, "install must run as root (it writes " + layout.wrapper().getParent()
                    + " and the systemd unit and starts a service): run it again with sudo");
        }
        PackageInstall.refuseInstall(layout);
        checkSource(r.source(), layout);
        InstallStatus status = InstallStatus.of(layout);
        Optional<Enrollment> previous = Optional.empty();
        if (status.kind() == InstallStatus.Kind.INSTALLED) {
            Optional<Enrollment> current = Enrollment.read(layout.agentPaths());
            if (!r.force()) {
                return alreadyInstalled(r, current);
            }
            previous = current;
        } else if (status.kind() == InstallStatus.Kind.BROKEN && !r.force()) {
            throw new AgentException(ExitCode.CONFLICT, "a broken Elastic Agent install is on this host (" + status.detail()
                    + "): run install again with --force to replace it, or 'elastic-agent uninstall --force' to remove it");
        }
        if (status.kind() != InstallStatus.Kind.NOT_INSTALLED) {
            if (previous.isEmpty()) {
                previous = Enrollment.read(layout.agentPaths());
            }
            if (previous.isEmpty() && status.kind() == InstallStatus.Kind.INTERRUPTED) {
                previous = Enrollment.pending(layout.agentPaths()); // killed while enrolling: Fleet may hold that agent
            }
            progress.accept((status.kind() == InstallStatus.Kind.INTERRUPTED ? "Undoing the interrupted" : status.kind() == InstallStatus.Kind.BROKEN
                    ? "Removing the broken" : "Removing the") + " install at " + layout.top()
                    + previous.map(p -> " (agent " + p.agentId() + " keeps its id)").orElse(""));
            new Uninstaller(progress, env).remove(layout, false);
        }

        if (r.unprivileged()) {
            checkTraversable(layout.top());
        }
        String user = r.unprivileged() ? nonEmpty(r.user(), ServiceAccounts.DEFAULT_USER) : "";
        String group = r.unprivileged() ? nonEmpty(r.group(), ServiceAccounts.DEFAULT_GROUP) : "";
        AgentService.Mode mode = AgentService.modeFor(layout);
        AgentService service = new AgentService(layout, mode, user, group);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("service_mode", mode.name());
        settings.put("user", user);
        settings.put("group", group);
        InstallJournal journal;
        try {
            journal = InstallJournal.begin(layout, settings);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write the install journal for " + layout.top() + ": " + e.getMessage()
                    + "; nothing was changed: check that " + layout.basePath() + " (or its nearest existing parent) is writable");
        }
        boolean enrolling = false;
        try {
            createDirectories(journal, layout.top());
            Files.setPosixFilePermissions(layout.top(), PosixFilePermissions.fromString("rwxr-x---"));
            copyDistribution(r.source(), layout.top());
            progress.accept("Copied the distribution to " + layout.top());
            if (r.unprivileged()) {
                ServiceAccounts.ensure(journal, user, group, progress);
            }
            writeFile(journal, layout.wrapper(), SystemdUnit.wrapper(layout), "rwxr-xr-x");
            progress.accept("Wrote " + layout.wrapper());
            writeFile(journal, layout.unit(), SystemdUnit.render(layout, user, group), "rw-r--r--");
            progress.accept("Wrote the systemd unit " + layout.unit());
            if (mode == AgentService.Mode.SYSTEMD) {
                journal.record(InstallJournal.Kind.SERVICE_ENABLED, layout.serviceName());
                service.enable();
                progress.accept("Enabled the systemd service " + layout.serviceName());
            } else {
                progress.accept("systemd is not running here: the unit is written for later, and install starts the agent as a process");
            }
            Files.createDirectories(layout.agentPaths().logs());
            if (r.unprivileged()) {
                ServiceAccounts.giveTree(layout.top(), user, group, false);
            }
            String enrolled = "";
            if (r.delayEnroll()) {
                enrolling = true;
                enrolled = enrollStep.enroll(layout.agentPaths(), previous);
                enrolling = false;
                if (r.unprivileged()) {
                    ServiceAccounts.giveTree(layout.top(), user, group, false);
                }
            } else {
                journal.record(InstallJournal.Kind.STARTED, mode.name());
                service.start(Duration.ofSeconds(30));
                progress.accept("Started the " + service.describe());
                if (r.fleetUrl() != null) {
                    enrolling = true;
                    enrolled = enrollStep.enroll(layout.agentPaths(), previous);
                    enrolling = false;
                    if (r.unprivileged()) {
                        ServiceAccounts.giveTree(layout.top(), user, group, false);
                    }
                    reload(layout.agentPaths());
                }
            }
            AtomicFiles.write(layout.marker(), new byte[0], PosixFilePermissions.fromString("rw-r-----"));
            journal.markComplete();
            String how = r.delayEnroll() ? "; the service is not started: it enrolls on its first start" : "";
            return new Outcome(true, "Elastic Agent has been successfully installed at " + layout.top()
                    + (enrolled.isEmpty() ? "" : "; " + enrolled) + how + ".");
        } catch (AgentException | IOException e) {
            AgentException cause = e instanceof AgentException ae ? ae
                    : new AgentException(ExitCode.FAILURE, "install failed: " + e.getMessage(), e);
            if (enrolling && r.onEnrollFailure() == OnEnrollFailure.KEEP) {
                try {
                    AtomicFiles.write(layout.marker(), new byte[0], PosixFilePermissions.fromString("rw-r-----"));
                    journal.markComplete();
                } catch (IOException ignored) {
                    // the install stays as it is; uninstall cleans it up from the journal
                }
                throw new AgentException(cause.exitCode(), cause.getMessage() + "; the agent stays installed at " + layout.top()
                        + " and running, NOT enrolled (--on-enroll-failure=keep): enroll it with 'elastic-agent enroll'", cause);
            }
            progress.accept("Install failed; rolling back:");
            List<String> problems = InstallUndo.undoJournaled(journal, journal.steps(), layout.top(), service, line -> progress.accept("  " + line));
            String outcome = problems.isEmpty()
                    ? "; the install was rolled back (" + journal.steps().size() + " steps undone) and the host is as it was before"
                    : "; the rollback left something behind: " + String.join("; ", problems);
            String lost = previous.isPresent()
                    ? " (the install that --force replaced was removed; agent " + previous.get().agentId() + " is still registered in Fleet)" : "";
            throw new AgentException(cause.exitCode(), cause.getMessage() + outcome + lost, cause);
        }
    }

    private Outcome alreadyInstalled(Request r, Optional<Enrollment> current) {
        InstallLayout layout = r.layout();
        boolean same = r.fleetUrl() == null ? current.isEmpty() : current.isPresent() && current.get().enrolledInto(r.fleetUrl());
        org.fleetagent.enroll.DelayedEnrollment delayed = new org.fleetagent.enroll.DelayedEnrollment(layout.agentPaths());
        if (!same && current.isEmpty() && r.fleetUrl() != null && delayed.pending()) {
            try {
                same = delayed.load().map(o -> Enrollment.normal(o.url()).equals(Enrollment.normal(r.fleetUrl()))).orElse(false);
            } catch (RuntimeException e) {
                same = false;
            }
            if (same) {
                return new Outcome(false, "Elastic Agent is already installed at " + layout.top() + " with a delayed enrollment into "
                        + r.fleetUrl() + " that runs on its first start; nothing to do.");
            }
        }
        if (!same) {
            String where = current.map(c -> "enrolled into " + c.hosts().getFirst() + " as agent " + c.agentId()).orElse("not enrolled into Fleet");
            throw new AgentException(ExitCode.CONFLICT, "Elastic Agent is already installed at " + layout.top() + " (" + where
                    + "): pass --force to reinstall it" + (current.isPresent() ? " (it keeps its agent id)" : ""));
        }
        InstallJournal journal;
        try {
            journal = InstallJournal.read(layout.journal()).orElse(null);
        } catch (IOException e) {
            journal = null;
        }
        String user = journal == null ? "" : journal.settings().getOrDefault("user", "");
        String group = journal == null ? "" : journal.settings().getOrDefault("group", "");
        AgentService.Mode mode = journal == null ? AgentService.modeFor(layout)
                : AgentService.Mode.valueOf(journal.settings().getOrDefault("service_mode", AgentService.modeFor(layout).name()));
        AgentService service = new AgentService(layout, mode, user, group);
        String what = current.map(c -> " and enrolled into " + c.hosts().getFirst() + " as agent " + c.agentId()).orElse(" (standalone)");
        if (!service.running() && !Files.exists(layout.agentPaths().delayedEnroll())) {
            service.start(Duration.ofSeconds(30));
            return new Outcome(true, "Elastic Agent is already installed at " + layout.top() + what + "; it was not running and has been started.");
        }
        return new Outcome(false, "Elastic Agent is already installed at " + layout.top() + what + "; nothing to do.");
    }

    /** The service user must reach the install through every existing parent directory (the original fails at start instead). */
    static void checkTraversable(Path top) {
        for (Path p = top.getParent(); p != null; p = p.getParent()) {
            if (!Files.isDirectory(p)) {
                continue;
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new AgentException(ExitCode.USAGE, "the service user of an --unprivileged install cannot reach " + top + ": " + p
                            + " is mode " + PosixFilePermissions.toString(perms) + "; run 'chmod o+x " + p + "' or choose another --base-path");
                }
            } catch (IOException e) {
                throw new AgentException(ExitCode.FAILURE, "cannot read the permissions of " + p + ": " + e.getMessage());
            }
        }
    }

    private static void checkSource(Path source, InstallLayout layout) {
        if (!Files.isExecutable(source.resolve("elastic-agent")) || !Files.isDirectory(source.resolve("lib"))) {
            throw new AgentException(ExitCode.USAGE, "run install from an unpacked Elastic Agent distribution: " + source
                    + " has no elastic-agent launcher and lib/ directory");
        }
        if (source.toAbsolutePath().normalize().equals(layout.top())) {
            throw new AgentException(ExitCode.USAGE, "this is the installed agent at " + layout.top()
                    + "; run install from the unpacked distribution (the tar.gz), not from the install");
        }
    }

    /** Creates {@code dir} and its missing parents (0755, the top 0750), recording the highest one created. */
    private static void createDirectories(InstallJournal journal, Path dir) throws IOException {
        Path highestMissing = null;
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            highestMissing = p;
        }
        if (highestMissing == null) {
            return;
        }
        journal.record(InstallJournal.Kind.DIRECTORY, highestMissing.toString());
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    private static void writeFile(InstallJournal journal, Path file, String content, String mode) throws IOException {
        createDirectories(journal, file.getParent());
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new AgentException(ExitCode.CONFLICT, file + " already exists and was not written by this install: move it away and run install again");
        }
        journal.record(InstallJournal.Kind.FILE, file.toString());
        AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString(mode));
    }

    /** Copies the distribution, leaving out the state a development home may hold (data, credentials, sockets). */
    private static void copyDistribution(Path source, Path top) throws IOException {
        Set<String> skip = Set.of("data", "vault", "fleet.enc", "fleet.yml", "enroll.enc", ".installed", ".install-journal.json");
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(source) && dir.getParent().equals(source) && skip.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path target = top.resolve(source.relativize(dir).toString());
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, withoutWorld(Files.getPosixFilePermissions(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!attrs.isRegularFile() && !attrs.isSymbolicLink() || file.getParent().equals(source) && skip.contains(name)
                        || name.endsWith(".sock")) {
                    return FileVisitResult.CONTINUE;
                }
                Path target = top.resolve(source.relativize(file).toString());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isSymbolicLink()) {
                    Files.setPosixFilePermissions(target, withoutWorld(Files.getPosixFilePermissions(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-x---"));
    }

    private static Set<PosixFilePermission> withoutWorld(Set<PosixFilePermission> p) {
        Set<PosixFilePermission> s = p.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : EnumSet.copyOf(p);
        s.removeAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
        return s;
    }

    /** Tells the running daemon to re-read fleet.enc and waits until it runs again (a component may still be degraded). */
    private void reload(AgentPaths paths) {
        try (ControlClient c = ControlClient.connect(paths.socket())) {
            c.restart(Duration.ofSeconds(30));
            c.watch(s -> s.state() != null && s.state().running(), s -> { }, Duration.ofSeconds(30));
        }
        progress.accept("The agent re-read its Fleet enrollment and is running");
    }

    private static String nonEmpty(String s, String dflt) {
        return s == null || s.isEmpty() ? dflt : s;
    }
}
