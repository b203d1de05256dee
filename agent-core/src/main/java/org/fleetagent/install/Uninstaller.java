package org.fleetagent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * {@code uninstall}: stops the agent, tells Fleet it is going away ({@code audit/unenroll}, reason
 * {@code uninstall}), disables the service, and removes what the install journal says install created (unit,
 * wrapper, service account, directories). A host without a journal, or with an interrupted one, a broken
 * half-install, is cleaned up from the known locations: the unit and wrapper only when they are the agent's.
 */
public final class Uninstaller {
    private final Consumer<String> progress;
    private final Map<String, String> env;

    public Uninstaller(Consumer<String> progress, Map<String, String> env) {
        this.progress = progress;
        this.env = env;
    }

    /**
     * Removes the install at {@code layout}.
     *
     * @param tellFleet whether to send {@code audit/unenroll} (not when {@code install --force} replaces the install and keeps the agent id)
     * @return what could not be removed (empty when the host is clean)
     */
    public List<String> remove(InstallLayout layout, boolean tellFleet) {
        InstallJournal journal = null;
        try {
            journal = InstallJournal.locate(layout).orElse(null);
        } catch (IOException | RuntimeException e) {
            progress.accept("The install journal " + layout.journal() + " is unreadable (" + e.getMessage() + "); removing the known locations");
        }
        String user = journal == null ? "" : journal.settings().getOrDefault("user", "");
        String group = journal == null ? "" : journal.settings().getOrDefault("group", "");
        AgentService.Mode mode = journal == null ? AgentService.modeFor(layout)
                : AgentService.Mode.valueOf(journal.settings().getOrDefault("service_mode", AgentService.modeFor(layout).name()));
        AgentService service = new AgentService(layout, mode, user, group);
        if (service.stop(Duration.ofSeconds(30))) {
            progress.accept("Stopped the agent");
        }
        if (tellFleet) {
            tellFleet(layout);
        }
        List<String> problems = new ArrayList<>();
        List<InstallJournal.Step> steps = new ArrayList<>(journal == null ? List.of() : journal.steps());
        // the known locations, for what the journal does not cover (no journal, or a half-finished one); the last
        // added is undone first: the service, the install directory, the wrapper and the unit before the journal's own steps
        if (isOurs(layout.unit(), "Elastic Agent")) {
            steps.add(new InstallJournal.Step(InstallJournal.Kind.FILE, layout.unit().toString()));
        }
        if (isOurs(layout.wrapper(), layout.launcher().toString())) {
            steps.add(new InstallJournal.Step(InstallJournal.Kind.FILE, layout.wrapper().toString()));
        }
        // the install directory goes last: an uninstall run from the installed copy runs on its bundled runtime, which
        // starts the tools that remove the service account (userdel) through its own lib/jspawnhelper
        steps.addFirst(new InstallJournal.Step(InstallJournal.Kind.DIRECTORY, layout.top().toString()));
        // disabled while its unit file still exists (systemctl disable refuses a unit it cannot find)
        if (mode == AgentService.Mode.SYSTEMD && Files.exists(layout.unit())
                && steps.stream().noneMatch(st -> st.kind() == InstallJournal.Kind.SERVICE_ENABLED)) {
            steps.add(new InstallJournal.Step(InstallJournal.Kind.SERVICE_ENABLED, layout.serviceName()));
        }
        problems.addAll(InstallUndo.undoJournaled(journal, steps, layout.top(), service, line -> progress.accept("  " + line)));
        for (Path p : List.of(layout.wrapper(), layout.unit())) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !isOurs(p, p == layout.unit() ? "Elastic Agent" : layout.launcher().toString())) {
                problems.add(p + " was left in place: it is not the agent's");
            }
        }
        return problems;
    }

    private void tellFleet(InstallLayout layout) {
        Optional<Enrollment> e = Enrollment.read(layout.agentPaths());
        if (e.isEmpty()) {
            return;
        }
        try {
            e.get().client(env).auditUnenroll(e.get().agentId(), e.get().accessApiKey(), "uninstall", Duration.ofSeconds(10));
            progress.accept("Told Fleet at " + e.get().hosts().getFirst() + " that agent " + e.get().agentId() + " is uninstalled");
        } catch (IOException | RuntimeException ex) {
            progress.accept("Warning: could not tell Fleet that agent " + e.get().agentId() + " is uninstalled (" + ex.getMessage()
                    + "); it will show as offline until it is unenrolled in Kibana");
        }
    }

    /** Whether a file is one the agent's install writes: it exists and mentions {@code signature}. */
    private static boolean isOurs(Path file, String signature) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) < 64 * 1024
                    && new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(signature);
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a clear message when there is nothing to uninstall at {@code layout}. */
    public static void requireSomething(InstallLayout layout) {
        if (InstallStatus.of(layout).kind() == InstallStatus.Kind.NOT_INSTALLED) {
            throw new AgentException(ExitCode.FAILURE, "Elastic Agent is not installed at " + layout.top()
                    + ": nothing to uninstall (pass --base-path if it was installed elsewhere)");
        }
    }
}
