package org.fleetagent.logging;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agent's log files as {@code elastic-agent logs} reads them: this agent's rotation ({@code elastic-agent.0.ndjson}
 * newest, {@code .6} oldest) and the real agent's ({@code elastic-agent[-event-log]-<date>[-<n>].ndjson}), so logs
 * left by either are shown in the order they were written.
 */
public final class LogFiles {
    private static final Pattern OURS = Pattern.compile("elastic-agent\\.(\\d+)\\.ndjson");
    private static final Pattern REAL = Pattern.compile("elastic-agent(-event-log)?-(\\d+)(?:-(\\d+))?\\.ndjson");

    private LogFiles() {
    }

    /** The log files of {@code dir}, oldest first. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).filter(p -> rank(p) != null).toList());
        }
        files.sort(Comparator.comparing(LogFiles::rank));
        return files;
    }

    /** Sort key: the real agent's files by date then index, then this agent's by generation, highest (oldest) first. */
    private static String rank(Path p) {
        String name = p.getFileName().toString();
        Matcher m = REAL.matcher(name);
        if (m.matches()) {
            String index = m.group(3) == null ? "" : String.format("%010d", Long.parseLong(m.group(3)));
            return "0" + String.format("%020d", Long.parseLong(m.group(2))) + (index.isEmpty() ? "1" : "0" + index);
        }
        m = OURS.matcher(name);
        if (m.matches()) {
            return "1" + String.format("%010d", Integer.MAX_VALUE - Long.parseLong(m.group(1)));
        }
        return null;
    }

    /**
     * The last {@code n} lines that pass {@code filter}, oldest first, read from the newest file back. As the real
     * agent, {@code n <= 0} gives every line of the newest file.
     */
    public static List<String> last(List<Path> files, int n, Predicate<String> filter) throws IOException {
        Deque<String> out = new ArrayDeque<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            List<String> lines;
            try {
                lines = Files.readAllLines(files.get(i), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue; // rotated away while reading
            }
            for (int j = lines.size() - 1; j >= 0; j--) {
                String line = lines.get(j);
                if (line.isEmpty() || !filter.test(line)) {
                    continue;
                }
                out.addFirst(line);
                if (n > 0 && out.size() >= n) {
                    return List.copyOf(out);
                }
            }
            if (n <= 0) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /**
     * Follows a log directory from its current end: each {@link #poll} hands over the complete lines written since,
     * reading to its end a file that was rotated away before moving to the newest one.
     */
    public static final class Follower {
        private final Path dir;
        private Object fileKey;
        private long offset;

        /** Starts at the current end of the newest file of {@code dir} (or at nothing, if it has none yet). */
        public Follower(Path dir) throws IOException {
            this.dir = dir;
            Path newest = newest();
            if (newest != null) {
                fileKey = key(newest);
                offset = Files.size(newest);
            }
        }

        /** Passes every line completed since the last poll to {@code out}. */
        public void poll(Consumer<String> out) throws IOException {
            Path newest = newest();
            if (newest == null) {
                return;
            }
            if (fileKey != null && !fileKey.equals(key(newest))) {
                Path old = byKey(fileKey);
                if (old != null) {
                    offset = read(old, offset, out);
                }
                fileKey = null;
            }
            if (fileKey == null) {
                fileKey = key(newest);
                offset = 0;
            }
            if (Files.size(newest) < offset) {
                offset = 0; // truncated in place
            }
            offset = read(newest, offset, out);
        }

        private Path newest() throws IOException {
            if (!Files.isDirectory(dir)) {
                return null;
            }
            List<Path> files = list(dir);
            return files.isEmpty() ? null : files.get(files.size() - 1);
        }

        private Path byKey(Object key) throws IOException {
            for (Path p : list(dir)) {
                if (key.equals(key(p))) {
                    return p;
                }
            }
            return null;
        }

        private static Object key(Path p) throws IOException {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        }

        /** Reads complete lines from {@code from}; returns the offset after the last newline. */
        private static long read(Path p, long from, Consumer<String> out) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
                long size = f.length();
                if (size <= from) {
                    return from;
                }
                byte[] b = new byte[(int) Math.min(size - from, 64L * 1024 * 1024)];
                f.seek(from);
                f.readFully(b);
                int start = 0;
                for (int i = 0; i < b.length; i++) {
                    if (b[i] == '\n') {
                        if (i > start) {
                            out.accept(new String(b, start, i - start, StandardCharsets.UTF_8));
                        }
                        start = i + 1;
                    }
                }
                return from + start;
            } catch (java.io.FileNotFoundException e) {
                return from;
            }
        }
    }
}
