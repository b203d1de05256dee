package org.fleetagent.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sets up the daemon's logs: ECS JSON lines to {@code <logs>/elastic-agent.0.ndjson} (the newest) with rotation to
 * {@code .1} ... {@code .6} (10 MiB a file, 7 files, as the real agent keeps them), or to standard error with
 * {@code -e}. Uses the JDK's logging, so no
 * framework is loaded by short commands.
 */
public final class AgentLogging {
    /** The logger under which every agent class logs. */
    public static final String ROOT = "org.fleetagent";
    private static final int FILE_LIMIT = 10 * 1024 * 1024;
    private static final int FILE_COUNT = 7;

    private AgentLogging() {
    }

    /**
     * Routes the agent's logs.
     *
     * @param logsDir  where log files go (created 0750 if missing); ignored when {@code toStderr}
     * @param toStderr log to standard error instead of files
     * @param level    the lowest level logged
     */
    public static Logger configure(Path logsDir, boolean toStderr, Level level, PrintStream stderr) throws IOException {
        return configure(logsDir, toStderr, level, stderr, FILE_LIMIT, FILE_COUNT);
    }

    /** As {@link #configure(Path, boolean, Level, PrintStream)}, with another rotation size and file count (tests). */
    static Logger configure(Path logsDir, boolean toStderr, Level level, PrintStream stderr, int fileLimit, int fileCount)
            throws IOException {
        Logger root = Logger.getLogger(ROOT);
        root.setUseParentHandlers(false);
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        Handler handler;
        if (toStderr) {
            handler = new FlushingStreamHandler(stderr);
        } else {
            if (!Files.isDirectory(logsDir)) {
                Files.createDirectories(logsDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            }
            handler = new FileHandler(logsDir.resolve("elastic-agent.%g.ndjson").toString(), fileLimit, fileCount, true);
        }
        handler.setFormatter(new EcsFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        return root;
    }

    /** A stream handler that flushes every record, so that log lines are seen at once. */
    private static final class FlushingStreamHandler extends StreamHandler {
        FlushingStreamHandler(OutputStream out) {
            super(out, new EcsFormatter());
        }

        @Override
        public synchronized void publish(java.util.logging.LogRecord record) {
            super.publish(record);
            flush();
        }
    }

}
