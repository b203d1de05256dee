package org.fleetagent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * The record of an install: each step the installer takes, written (atomically) before the step is taken, so that a
 * rollback, an uninstall or the cleanup of an interrupted install undoes exactly what was done, in reverse order, and
 * nothing that was there before. Until the top directory exists the journal waits in its <em>anchor</em>, the nearest
 * directory that existed before the install ({@code <anchor>/.elastic-agent-install-<hash of top>.json}); it moves to
 * {@code <top>/.install-journal.json} once the top is there, and uninstall moves it back before removing the top, so
 * a kill at any moment leaves a journal that finds every change.
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
    private boolean waiting;

    private InstallJournal(Path file, Map<String, String> settings) {
        this.file = file;
        this.settings = settings;
    }

    /** A new journal for an install at {@code layout}, on disk (in its anchor) before this returns. */
    public static InstallJournal begin(InstallLayout layout, Map<String, String> settings) throws IOException {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put("system_root", layout.systemRoot().toString());
        s.put("base_path", layout.basePath().toString());
        s.put("namespace", layout.namespace());
        Path anchor = layout.top().getParent();
        while (!Files.isDirectory(anchor, LinkOption.NOFOLLOW_LINKS)) {
            anchor = anchor.getParent();
        }
        s.put("anchor", anchor.toString());
        InstallJournal j = new InstallJournal(layout.journal(), s);
        j.save();
        return j;
    }

    /**
     * The journal of the install at {@code layout}: in its top directory, or waiting in its anchor (an install killed
     * before its top existed, or an uninstall killed while removing it).
     */
    public static Optional<InstallJournal> locate(InstallLayout layout) throws IOException {
        Optional<InstallJournal> inTop = read(layout.journal());
        if (inTop.isPresent()) {
            return inTop;
        }
        for (Path dir = layout.top().getParent(); dir != null; dir = dir.getParent()) {
            Optional<InstallJournal> waiting = read(dir.resolve(waitingName(layout)));
            if (waiting.isPresent()) {
                InstallJournal j = new InstallJournal(layout.journal(), waiting.get().settings);
                j.steps.addAll(waiting.get().steps);
                j.complete = waiting.get().complete;
                j.waiting = true;
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an install or uninstall at {@code layout} was interrupted: its journal is not marked complete, or it waits
     * in the anchor (an install that had not created its top yet, an uninstall that had begun removing it).
     */
    public static boolean interrupted(InstallLayout layout) {
        try {
            return locate(layout).map(j -> !j.complete() || j.waiting).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The name of the journal while it waits in the anchor: one per install location. */
    private static String waitingName(InstallLayout layout) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(layout.top().toString().getBytes(StandardCharsets.UTF_8));
            return ".elastic-agent-install-" + java.util.HexFormat.of().formatHex(h, 0, 6) + ".json";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path waitingFile() {
        Path anchor = settings.containsKey("anchor") ? Path.of(settings.get("anchor")) : file.getParent().getParent();
        return anchor.resolve(waitingName(layout()));
    }

    /**
     * Moves the journal back to its anchor (uninstall, before it removes the top directory), so that it is the last
     * thing to go; {@link #discard()} then removes it.
     */
    public void detach() throws IOException {
        Path waiting = waitingFile();
        if (!Files.isDirectory(waiting.getParent())) {
            return; // the anchor itself is gone (moved by hand): the journal stays in the top and goes with it
        }
        AtomicFiles.write(waiting, document(), PosixFilePermissions.fromString("rw-r-----"));
        Files.deleteIfExists(file);
    }

    /** Removes the journal wherever it is (the undo is finished). */
    public void discard() throws IOException {
        Files.deleteIfExists(file);
        Path waiting = waitingFile();
        Files.deleteIfExists(AtomicFiles.tempOf(waiting)); // a write of it killed half-way
        if (Files.deleteIfExists(waiting)) {
            AtomicFiles.fsyncDirectory(waiting.getParent());
        }
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

    /** Records a step; the journal is on disk before this returns, so record a step before taking it. */
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

    /** Writes the journal into the top directory when it exists (and drops the anchor's copy), else into the anchor. */
    private void save() throws IOException {
        if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.write(waitingFile(), document(), PosixFilePermissions.fromString("rw-r-----"));
            return;
        }
        AtomicFiles.write(file, document(), PosixFilePermissions.fromString("rw-r-----"));
        Path waiting = waitingFile();
        if (Files.deleteIfExists(waiting)) {
            AtomicFiles.fsyncDirectory(waiting.getParent());
        }
    }

    private byte[] document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("complete", complete);
        doc.put("settings", settings);
        List<Map<String, String>> list = new ArrayList<>();
        for (Step s : steps) {
            list.add(Map.of("kind", s.kind().name(), "target", s.target()));
        }
        doc.put("steps", list);
        return Json.write(doc);
    }
}
