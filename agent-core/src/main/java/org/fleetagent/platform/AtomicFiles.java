package org.fleetagent.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Atomic file replacement: write a temporary file in the same directory (created with the final mode, so the
 * content is never readable by others, not even for a moment), fsync it, rename it over the target, fsync the
 * directory. A reader sees the old file or the new one, never a torn one, and a crash leaves one of the two.
 */
public final class AtomicFiles {
    /** Owner read/write: every file that holds or protects a secret. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Owner rwx: directories that hold secrets. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code content}, mode 0600. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, OWNER_ONLY);
    }

    /** Replaces {@code target} with {@code content} and the given mode. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = tempOf(target);
        Files.deleteIfExists(tmp);
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(mode);
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attr)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // the umask may have narrowed the mode given at creation; set it exactly
            Files.setPosixFilePermissions(tmp, mode);
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            // never leave the temporary file behind: it may hold a secret
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        fsyncDirectory(dir);
    }

    /**
     * Gives {@code files} the owner and group {@code like} had: a command run as root that rewrites a file the service
     * reads as its own user must leave it that user's.
     */
    public static void keepOwner(PosixFileAttributes like, Path... files) throws IOException {
        for (Path f : files) {
            PosixFileAttributeView view = Files.getFileAttributeView(f, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes now = view.readAttributes();
            if (!now.owner().equals(like.owner())) {
                view.setOwner(like.owner());
            }
            if (!now.group().equals(like.group())) {
                view.setGroup(like.group());
            }
        }
    }

    /** The temporary file {@link #write} uses for {@code target}. */
    public static Path tempOf(Path target) {
        return target.toAbsolutePath().getParent().resolve(target.getFileName() + ".tmp");
    }

    /**
     * The temporary files of {@link #write} a killed process left in {@code dir}: those of {@code targets}, or every
     * {@code *.tmp} when {@code targets} is null (a directory only the agent writes to).
     */
    public static List<Path> leftovers(Path dir, Set<String> targets) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".tmp") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && (targets == null || targets.contains(n.substring(0, n.length() - ".tmp".length())));
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Renames {@code from} onto {@code to} atomically and fsyncs the directory of {@code to}. */
    public static void rename(Path from, Path to) throws IOException {
        move(from, to);
        fsyncDirectory(to.toAbsolutePath().getParent());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates {@code dir} (and parents) if missing and gives it exactly {@code mode}. */
    public static void createPrivateDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode));
        } catch (FileAlreadyExistsException e) {
            // keep it, but make the mode exact
        }
        Files.setPosixFilePermissions(dir, mode);
    }

    /** Flushes a directory's entries (the rename) to disk. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
