package org.fleetagent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.json.Json;
import org.fleetagent.platform.AtomicFiles;

/**
 * The record of an install: each step the installer took, written (atomically) to
 * {@code <top>/.install-journal.json} right after the step, so that a rollback, an uninstall or the cleanup of a
 * half-finished install undoes exactly what was done, in reverse order, and nothing that was there before.
 */
public final class InstallJournal {

    /** What a step did. */
    public enum Kind {
        /** created a directory that did not exist (removed with its contents on undo) */
        DIRECTORY,
        /** wrote a file that did not exist (removed on undo) */
        FILE,
        /** created a system group */
        GROUP,
        /** created a system user */
        USER,
        /** enabled a systemd service */
        SERVICE_ENABLED,
        /** started the agent (as a systemd service or as a process) */
        STARTED
    }

    /**
     * One step.
     *
     * @param kind   what it did
     * @param target the path, name or service mode it concerns
     */
    public record Step(Kind kind, String target) {
    }

    /** The journal file as {@link #save} writes it. */
    private record Document(Boolean complete, Map<String, String> settings, List<Step> steps) {
    }

    private final Path file;
    private final Map<String, String> settings;
    private final List<Step> steps = new ArrayList<>();
    private boolean complete;

    private InstallJournal(Path file, Map<String, String> settings) {
        this.file = file;
        this.settings = settings;
    }

    /** A new, empty journal for an install at {@code layout}; nothing is written until the first step. */
    public static InstallJournal begin(InstallLayout layout, Map<String, String> settings) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put("system_root", layout.systemRoot().toString());
        s.put("base_path", layout.basePath().toString());
        s.put("namespace", layout.namespace());
        return new InstallJournal(layout.journal(), s);
    }

    /** The journal of an install, if its top directory holds one. */
    public static Optional<InstallJournal> read(Path journalFile) throws IOException {
        if (!Files.isRegularFile(journalFile)) {
            return Optional.empty();
        }
        Document doc = Json.read(Files.readAllBytes(journalFile), Document.class);
        if (doc == null) {
            doc = new Document(null, null, null);
        }
        InstallJournal j = new InstallJournal(journalFile, doc.settings() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(doc.settings()));
        if (doc.steps() != null) {
            j.steps.addAll(doc.steps());
        }
        j.complete = Boolean.TRUE.equals(doc.complete());
        return Optional.of(j);
    }

    /** The install's settings (system root, base path, namespace, service mode, user, group, ...). */
    public Map<String, String> settings() {
        return settings;
    }

    /** The layout the install used. */
    public InstallLayout layout() {
        return new InstallLayout(Path.of(settings.get("system_root")), Path.of(settings.get("base_path")), settings.get("namespace"));
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Whether the install finished (false: it was interrupted and left a half-installed host). */
    public boolean complete() {
        return complete;
    }

    /** Records a step; the journal is on disk before this returns (once the top directory exists). */
    public void record(Kind kind, String target) throws IOException {
        steps.add(new Step(kind, target));
        save();
    }

    /**
     * Records that {@code privileged}/{@code unprivileged} switched the service user (empty: root), so that
     * uninstall, a repeated install and {@code vault check} know who the service runs as now.
     */
    public void switchUser(String user, String group) throws IOException {
        settings.put("user", user);
        settings.put("group", group);
        save();
    }

    /** Marks the install complete. */
    public void markComplete() throws IOException {
        complete = true;
        save();
    }

    private void save() throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            return; // the top directory is the first thing created; until then there is nothing to keep
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("complete", complete);
        doc.put("settings", settings);
        List<Map<String, String>> list = new ArrayList<>();
        for (Step s : steps) {
            list.add(Map.of("kind", s.kind().name(), "target", s.target()));
        }
        doc.put("steps", list);
        AtomicFiles.write(file, Json.write(doc), PosixFilePermissions.fromString("rw-r-----"));
    }
}
