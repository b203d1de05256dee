package org.fleetagent.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a YAML file of settings ({@code elastic-agent.yml}, the plaintext of fleet.enc) so that every way it can be
 * wrong (a directory in its place, unreadable, not YAML, not a map) is one line naming the file, the place in it
 * and the fix, and never the parser's multi-line report.
 */
public final class YamlFiles {
    private YamlFiles() {
    }

    /**
     * The settings in {@code file}; empty when it does not exist.
     *
     * @param fix what the user can do, appended to every message (such as "fix the file or move it away")
     * @throws AgentException exit 1, one line
     */
    public static Optional<Map<String, Object>> read(Path file, String fix) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            throw new AgentException(ExitCode.FAILURE, file + " is a directory, not a YAML file of settings: " + fix);
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read " + file + ": " + FileErrors.describe(e, file), e);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read " + file + ": " + FileErrors.describe(e, file) + ": " + fix, e);
        }
        return Optional.of(parse(raw, file.toString(), fix));
    }

    /**
     * Parses {@code yaml}, which came from {@code source} (a file name, for the message).
     *
     * @throws AgentException exit 1, one line
     */
    public static Map<String, Object> parse(byte[] yaml, String source, String fix) {
        try {
            return YamlCodec.load(yaml);
        } catch (RuntimeException e) {
            throw new AgentException(ExitCode.FAILURE, source + " " + describe(e) + ": " + fix, e);
        }
    }

    /** A YAML failure in one line: where (line and column, from 1) and what, such as {@code is not valid YAML at line 2, column 12: ...}. */
    public static String describe(RuntimeException e) {
        if (e instanceof MarkedYamlEngineException m) {
            StringBuilder b = new StringBuilder("is not valid YAML");
            m.getProblemMark().ifPresent(p -> b.append(" at ").append(at(p)));
            b.append(": ").append(oneLine(m.getProblem() == null ? m.getContext() : m.getProblem()));
            if (m.getContext() != null && m.getProblem() != null) {
                b.append(" (").append(oneLine(m.getContext()));
                m.getContextMark().ifPresent(c -> b.append(" started at ").append(at(c)));
                b.append(')');
            }
            return b.toString();
        }
        if (e instanceof IllegalArgumentException) {
            return "is not a map of settings (key: value lines)";
        }
        return "is not valid YAML: " + oneLine(e.getMessage());
    }

    private static String at(Mark m) {
        return "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
