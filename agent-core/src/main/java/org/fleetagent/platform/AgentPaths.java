package org.fleetagent.platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Where the agent keeps its files, as the real agent lays them out. {@code top} is {@code <base>/Elastic/Agent}
 * on an installed host; the global flags {@code --path.home}, {@code --path.config}, {@code --path.logs},
 * {@code --path.socket} and {@code --path.downloads} move the parts, so everything can run unprivileged in a
 * temporary directory.
 *
 * @param top       the home of the agent ({@code --path.home}); holds {@code data/}, {@code components/} and the socket
 * @param config    the directory of {@code elastic-agent.yml}, {@code fleet.enc} and {@code vault/}
 * @param logs      where the daemon writes its log files
 * @param socket    the control socket file
 * @param downloads where artifacts are downloaded
 * @param configFile the main configuration file ({@code -c}): {@code <config>/elastic-agent.yml} unless moved
 */
public record AgentPaths(Path top, Path config, Path logs, Path socket, Path downloads, Path configFile) {

    /** The file name of the main configuration. */
    public static final String CONFIG_FILE = "elastic-agent.yml";

    /** The default top of an installed agent on Linux. */
    public static Path defaultTop(Path basePath) {
        return basePath.resolve("Elastic").resolve("Agent");
    }

    /**
     * Paths with the real agent's defaults for whatever is not given: config and logs beside the home,
     * the socket from {@link #socketFor(Path)}.
     */
    public static AgentPaths of(Path top, Path config, Path logs, Path socket, Path downloads) {
        Path t = top.toAbsolutePath().normalize();
        Path c = config != null ? config.toAbsolutePath().normalize() : t;
        Path l = logs != null ? logs.toAbsolutePath().normalize() : t.resolve("data").resolve("logs");
        Path s = socket != null ? socket.toAbsolutePath().normalize() : socketFor(t);
        Path d = downloads != null ? downloads.toAbsolutePath().normalize() : t.resolve("data").resolve("downloads");
        return new AgentPaths(t, c, l, s, d, c.resolve(CONFIG_FILE));
    }

    /**
     * These paths with the configuration file named by {@code -c}, as the real agent reads it: the default name
     * (or an empty one) is {@code <config>/elastic-agent.yml}, an absolute path is taken as it is, any other path
     * is relative to the config directory.
     */
    public AgentPaths withConfigFile(String name) {
        if (name == null || name.isEmpty() || name.equals(CONFIG_FILE)) {
            return new AgentPaths(top, config, logs, socket, downloads, config.resolve(CONFIG_FILE));
        }
        Path p = Path.of(name);
        return new AgentPaths(top, config, logs, socket, downloads, (p.isAbsolute() ? p : config.resolve(p)).normalize());
    }

    /** {@code <config>/fleet.enc}: the encrypted agent and Fleet configuration. */
    public Path fleetEnc() {
        return config.resolve("fleet.enc");
    }

    /** {@code <config>/fleet.yml}: the legacy plaintext form, migrated into fleet.enc and removed. */
    /** The configuration before the last {@code fleet set-…}, encrypted as fleet.enc; {@code fleet undo} returns to it. */
    public Path fleetEncPrevious() {
        return config.resolve("fleet.enc.prev");
    }

    public Path fleetYml() {
        return config.resolve("fleet.yml");
    }

    /** {@code <config>/vault}: the file vault holding the key of fleet.enc. */
    public Path vault() {
        return config.resolve("vault");
    }

    /** {@code <config>/enroll.enc}: delayed-enrollment options, encrypted like fleet.enc. */
    public Path delayedEnroll() {
        return config.resolve("enroll.enc");
    }

    /** {@code <data>/enroll-intent.enc}: the identity an enrollment asks Fleet for, kept until fleet.enc is written. */
    public Path enrollIntent() {
        return data().resolve("enroll-intent.enc");
    }

    /** {@code <top>/data}. */
    public Path data() {
        return top.resolve("data");
    }

    /** {@code <top>/components}: the programs the daemon supervises. */
    public Path components() {
        return top.resolve("components");
    }

    /**
     * The control socket for a home, as the real agent chooses it: {@code <top>/elastic-agent.sock} while the
     * {@code unix://} URL stays under 104 characters, otherwise a short hashed name in the same directory, and
     * under {@code /tmp/elastic-agent/} when even that is too long.
     */
    public static Path socketFor(Path top) {
        Path plain = top.resolve("elastic-agent.sock");
        if (("unix://" + plain).length() < 104) {
            return plain;
        }
        String hashed = hashedSocketName(plain.toString());
        Path beside = top.resolve(hashed);
        if (("unix://" + beside).length() < 104) {
            return beside;
        }
        return Path.of("/tmp", "elastic-agent", hashed);
    }

    private static String hashedSocketName(String path) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            byte[] head = new byte[24];
            System.arraycopy(sum, 0, head, 0, head.length);
            return Base64.getUrlEncoder().encodeToString(head) + ".sock";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
