package org.fleetagent.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileErrorsTest {
    @Test
    void permissionDeniedNamesTheUserAndTheFixNotThePathTwice() {
        String s = FileErrors.describe(new AccessDeniedException("/h/fleet.enc"), Path.of("/h/fleet.enc"));
        assertTrue(s.startsWith("permission denied for user " + System.getProperty("user.name") + ": give that user access (chown or chmod)"), s);
    }

    @Test
    void aParentDirectoryIsNamedWhenItIsTheOneRefused() {
        String s = FileErrors.describe(new AccessDeniedException("/h/data"), Path.of("/h/data/enroll-intent.enc"));
        assertTrue(s.startsWith("/h/data: permission denied"), s);
    }

    @Test
    void aFullDiskNamesThePathEvenWhenTheJdkDoesNot() {
        assertEquals("no space left on the device holding /h/fleet.enc: free some space there (or move the agent's paths), then run again",
                FileErrors.describe(new IOException("No space left on device"), Path.of("/h/fleet.enc")));
        assertTrue(FileErrors.describe(new FileSystemException("/h/x.tmp", null, "No space left on device"), Path.of("/h"))
                .startsWith("no space left on the device holding /h/x.tmp"));
    }

    @Test
    void otherReasonsStayOnOneLine() {
        assertEquals("/h/x: Input/output error happened here",
                FileErrors.describe(new FileSystemException("/h/x", null, "Input/output error\nhappened here"), Path.of("/h")));
    }
}
