package org.fleetagent.install;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Undoes the steps of an install journal, newest first, and says what it undid. A step whose effect is already
 * gone is skipped silently; one that cannot be undone is reported and the rest still run, so that as much of
 * the host as possible is returned to what it was.
 */
final class InstallUndo {
    private InstallUndo() {
    }

    /**
     * Undoes {@code steps} in reverse order; returns the problems (empty when everything was undone). The install's
     * {@code top} is removed whole; any other directory install created is removed only while it holds no file, so
     * that nothing put there after the install is lost.
     */
    static List<String> undo(List<InstallJournal.Step> steps, Path top, AgentService service, Consumer<String> report) {
        List<String> problems = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            InstallJournal.Step s = steps.get(i);
            try {
                switch (s.kind()) {
                    case STARTED -> {
                        if (service.stop(Duration.ofSeconds(30))) {
                            report.accept("stopped the agent");
                        }
                    }
                    case SERVICE_ENABLED -> {
                        service.disable();
                        report.accept("disabled the systemd service " + s.target());
                    }
                    case FILE -> {
                        Files.deleteIfExists(org.fleetagent.platform.AtomicFiles.tempOf(Path.of(s.target()))); // a write killed half-way
                        if (Files.deleteIfExists(Path.of(s.target()))) {
                            report.accept("removed " + s.target());
                        }
                    }
                    case DIRECTORY -> {
                        Path dir = Path.of(s.target());
                        if (top.startsWith(dir) && Files.exists(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            deleteTree(top);
                            report.accept("removed " + top + "/");
                        }
                        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            if (holdsFiles(dir)) {
                                report.accept("kept " + dir + "/: it holds files that install did not put there");
                            } else {
                                deleteTree(dir);
                                if (!dir.equals(top)) {
                                    report.accept("removed " + dir + "/");
                                }
                            }
                        }
                    }
                    case USER -> {
                        if (ServiceAccounts.userExists(s.target())) {
                            ServiceAccounts.deleteUser(s.target());
                            report.accept("deleted the user " + s.target());
                        }
                    }
                    case GROUP -> {
                        if (ServiceAccounts.groupExists(s.target())) {
                            ServiceAccounts.deleteGroup(s.target());
                            report.accept("deleted the group " + s.target());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.add("could not undo " + s.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + s.target() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /**
     * {@link #undo} with the journal kept to the last: moved out of the top first, deleted once all is undone, so a
     * kill during the undo leaves the journal for the next run.
     */
    static List<String> undoJournaled(InstallJournal journal, List<InstallJournal.Step> steps, Path top, AgentService service,
                                      Consumer<String> report) {
        List<String> problems = new ArrayList<>();
        try {
            if (journal != null) {
                journal.detach();
            }
        } catch (IOException e) {
            report.accept("could not move the install journal out of " + top + " (" + e.getMessage() + "); it goes with it");
        }
        problems.addAll(undo(steps, top, service, report));
        if (journal != null && problems.isEmpty()) {
            try {
                journal.discard();
            } catch (IOException e) {
                problems.add("could not remove the install journal: " + e.getMessage());
            }
        }
        return problems;
    }

    private static boolean holdsFiles(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.anyMatch(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Deletes a directory tree without following symbolic links out of it. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
