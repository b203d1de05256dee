package org.fleetagent.version;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The agent's version, as reported to Fleet ({@code User-Agent: Elastic Agent v<version>}), in the ECS metadata
 * and by {@code elastic-agent version}. Read once from the build's {@code version.properties}.
 *
 * @param version   the release version, such as {@code 9.6.0}
 * @param commit    the source commit the build was made from, or {@code unknown}
 * @param snapshot  whether this is a snapshot build
 * @param buildTime when the build was made (the reproducible build's timestamp), {@link #UNKNOWN_BUILD_TIME} when unknown
 */
public record AgentVersion(String version, String commit, boolean snapshot, Instant buildTime) {
    /** The build time of a build that did not record one: year 1, as the real agent's zero time prints. */
    public static final Instant UNKNOWN_BUILD_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final String RESOURCE = "org/fleetagent/version.properties";
    private static final AgentVersion CURRENT = load();

    /** A version with an unknown build time. */
    public AgentVersion(String version, String commit, boolean snapshot) {
        this(version, commit, snapshot, UNKNOWN_BUILD_TIME);
    }

    public static AgentVersion current() {
        return CURRENT;
    }

    /** {@code Elastic Agent v<version>}: the User-Agent Fleet Server requires. */
    public String userAgent() {
        return "Elastic Agent v" + version;
    }

    private static AgentVersion load() {
        Properties p = new Properties();
        try {
            readFromOwnJar(p);
        } catch (IOException | RuntimeException e) {
            p.clear(); // read as a resource below
        }
        if (p.isEmpty()) {
            try (InputStream in = AgentVersion.class.getResourceAsStream("/" + RESOURCE)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // fall through to the defaults below
            }
        }
        String v = p.getProperty("version", "0.0.0");
        Instant built;
        try {
            built = Instant.parse(p.getProperty("build_time", ""));
        } catch (DateTimeParseException e) {
            built = UNKNOWN_BUILD_TIME;
        }
        return new AgentVersion(v.replace("-SNAPSHOT", ""), p.getProperty("commit", "unknown"), v.endsWith("-SNAPSHOT"), built);
    }

    /**
     * Reads version.properties from this class's own jar with ZipFile: getResourceAsStream goes through a jar: URL,
     * whose first use initialises JDK classes by reflection that the AOT cache cannot keep, on every short command.
     * Leaves {@code p} empty when the class does not come from a jar file it can open.
     */
    private static void readFromOwnJar(Properties p) throws IOException {
        CodeSource source = AgentVersion.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return;
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            return;
        }
        if (!Files.isRegularFile(location)) {
            return;
        }
        try (ZipFile jar = new ZipFile(location.toFile())) {
            ZipEntry entry = jar.getEntry(RESOURCE);
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    p.load(in);
                }
            }
        }
    }
}
