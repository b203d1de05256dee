package org.fleetagent.container;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * {@code $LOGS_PATH/elastic-agent-startup.log}: the real entrypoint's copy of its own output ({@code container.go}
 * {@code logContainerCmd}), so that what the entrypoint said is still there when the container's output is gone.
 */
public final class StartupLog {
    /** The file's name, as the real one's. */
    public static final String NAME = "elastic-agent-startup.log";

    private StartupLog() {
    }

    /** Creates {@code logsPath} (0775 less the umask, as the real one) and opens the startup log there, emptied. */
    public static Writer open(Path logsPath) {
        Path file = logsPath.resolve(NAME);
        try {
            Files.createDirectories(logsPath, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxr-x")));
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            throw new AgentException(ExitCode.USAGE, "LOGS_PATH=" + logsPath + " is not writable (cannot open " + file + ": " + e.getMessage()
                    + "): mount a writable volume or point LOGS_PATH elsewhere");
        }
    }
}
