package org.fleetagent.errors;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of a failed file operation in words a user can act on. The JDK's {@link FileSystemException} says only the
 * path in its message (an {@link AccessDeniedException} reads "/etc/x", nothing more), and a write that hits a full
 * disk says "No space left on device" without a path; callers name what they were doing and append this.
 */
public final class FileErrors {
    private FileErrors() {
    }

    /**
     * For example {@code permission denied for user nobody: give that user access (chown or chmod), or run as the user
     * that owns it}, or {@code no space left on the device holding /h/data: free some space there, ...}; a path other
     * than {@code where} (a parent directory) is named first.
     *
     * @param where the file or directory the caller was working on, named when the exception does not name one
     */
    public static String describe(IOException e, java.nio.file.Path where) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : String.valueOf(where);
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        // the caller's message names `where` already: repeat a path only when it is another one (a parent directory)
        String other = file.equals(String.valueOf(where)) ? "" : file + ": ";
        if (e instanceof AccessDeniedException || lower.contains("permission denied")) {
            return other + "permission denied for user " + System.getProperty("user.name")
                    + ": give that user access (chown or chmod), or run as the user that owns it";
        }
        if (lower.contains("no space left")) {
            return "no space left on the device holding " + file + ": free some space there (or move the agent's paths), then run again";
        }
        if (lower.contains("read-only file system")) {
            return other + "on a read-only file system: mount it writable, or point the agent's paths elsewhere";
        }
        if (e instanceof NoSuchFileException) {
            return other + "does not exist";
        }
        if (e instanceof NotDirectoryException) {
            return other + "not a directory";
        }
        if (reason == null || reason.isBlank()) {
            return other + "an I/O error without a reason";
        }
        return (e instanceof FileSystemException ? other : "") + reason.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
