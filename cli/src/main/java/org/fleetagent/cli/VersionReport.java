package org.fleetagent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetagent.control.ControlClient;
import org.fleetagent.control.DaemonVersion;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.version.AgentVersion;

/**
 * What {@code elastic-agent version} prints: this binary's version and the running daemon's, asked over the control
 * socket with a short timeout, as the real command ({@code internal/pkg/basecmd/version/cmd.go}). Without picocli,
 * so that {@link QuickAnswers} can answer the plain forms without building the command model.
 */
final class VersionReport {
    /** Long enough for a busy daemon, short enough that a hung one does not hang a script. */
    static final Duration DAEMON_TIMEOUT = Duration.ofSeconds(5);

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private VersionReport() {
    }

    /**
     * Prints the versions; without a daemon the binary's version is still printed, then the failure is thrown
     * (exit 1) unless {@code binaryOnly}.
     */
    static int print(PrintWriter out, PrintWriter err, Path socket, boolean binaryOnly, boolean yaml) {
        AgentVersion v = AgentVersion.current();
        DaemonVersion binary = new DaemonVersion(v.version(), v.commit(), GoYaml.rfc3339Nano(v.buildTime()), v.snapshot(), false);
        DaemonVersion daemon = null;
        AgentException failure = null;
        if (!binaryOnly) {
            try (ControlClient client = ControlClient.connect(socket)) {
                daemon = client.version(DAEMON_TIMEOUT);
                if (mismatch(binary, daemon)) {
                    err.println("WARN: the running daemon of Elastic Agent does not match this version.");
                }
            } catch (AgentException e) {
                failure = new AgentException(ExitCode.FAILURE, "could not get the daemon's version: " + e.getMessage()
                        + "; use --binary-only to show only this binary's version", e);
            }
        }
        out.print(render(binary, daemon, yaml, binaryOnly));
        out.flush();
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    /** The output: {@code Binary:}/{@code Daemon:} lines, or YAML with {@code binary} and (when known) {@code daemon}. */
    static String render(DaemonVersion binary, DaemonVersion daemon, boolean yaml, boolean binaryOnly) {
        if (yaml) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("binary", yamlInfo(binary));
            if (daemon != null) {
                doc.put("daemon", yamlInfo(daemon));
            }
            return GoYaml.write(doc);
        }
        StringBuilder b = new StringBuilder("Binary: ").append(line(binary)).append('\n');
        if (!binaryOnly) {
            b.append("Daemon: ").append(daemon == null ? "<failed to communicate>" : line(daemon)).append('\n');
        }
        return b.toString();
    }

    private static Map<String, Object> yamlInfo(DaemonVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("commit", v.commit());
        m.put("build_time", instant(v.buildTime()));
        m.put("snapshot", v.snapshot());
        m.put("fips", v.fips());
        return m;
    }

    /** {@code 9.6.0[-SNAPSHOT] (build: <commit> at 2026-11-22 00:00:00 +0000 UTC)}, as the real one prints it. */
    private static String line(DaemonVersion v) {
        OffsetDateTime t = instant(v.buildTime()).atOffset(ZoneOffset.UTC);
        return v.version() + (v.snapshot() ? "-SNAPSHOT" : "") + " (build: " + v.commit() + (v.fips() ? " fips-distribution: true" : "")
                + " at " + GO_TIME.format(t) + " +0000 UTC)";
    }

    private static Instant instant(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return AgentVersion.UNKNOWN_BUILD_TIME;
        }
    }

    /** The real rule: commits decide when both are known, else version, build time and snapshot. */
    static boolean mismatch(DaemonVersion a, DaemonVersion b) {
        if (!"unknown".equals(a.commit()) && !"unknown".equals(b.commit())) {
            return !a.commit().equals(b.commit());
        }
        return !a.version().equals(b.version()) || !instant(a.buildTime()).equals(instant(b.buildTime())) || a.snapshot() != b.snapshot();
    }
}
