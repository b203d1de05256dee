package org.fleetagent.container;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.AtomicFiles;

/**
 * The container's file layout: home {@code $STATE_PATH/data}, config {@code CONFIG_PATH} (default STATE_PATH),
 * logs {@code LOGS_PATH} or standard error; {@code $STATE_PATH/container-paths.yml} so that later
 * {@code elastic-agent <command>} calls in the container find them; the image's {@code data/downloads} copied into
 * the state path. Before any of it, a preflight refuses paths that would lose the agent's identity: not writable,
 * or on the container's throw-away root or a tmpfs, naming the variable that moves them.
 */
public final class ContainerSetup {
    /** The file later commands read the container's paths from. */
    public static final String PATHS_FILE = "container-paths.yml";

    private final ContainerEnv env;
    private final Path mountInfo;

    public ContainerSetup(ContainerEnv env, Path mountInfo) {
        this.env = env;
        this.mountInfo = mountInfo;
    }

    /** The agent's paths in the container. */
    public AgentPaths paths() {
        Path top = env.statePath().resolve("data");
        Path logs = env.logsPath().orElse(top.resolve("logs"));
        return AgentPaths.of(top, env.configPath(), logs, null, null);
    }

    /**
     * Fails, naming the variable, when the state or config path is not writable or is not persistent.
     * {@code ELASTIC_AGENT_EPHEMERAL_STATE=true} accepts a non-persistent state (an agent that enrolls anew every
     * start, on purpose).
     */
    public void preflight(boolean allowEphemeral) {
        check("STATE_PATH", env.statePath(), allowEphemeral);
        if (!env.configPath().startsWith(env.statePath())) {
            check("CONFIG_PATH", env.configPath(), allowEphemeral);
        }
        env.logsPath().ifPresent(l -> writable("LOGS_PATH", l));
    }

    private void check(String variable, Path dir, boolean allowEphemeral) {
        writable(variable, dir);
        if (allowEphemeral) {
            return;
        }
        Optional<String> fs = ephemeralFilesystem(dir);
        if (fs.isPresent()) {
            throw new AgentException(ExitCode.USAGE, variable + "=" + dir + " is on " + fs.get()
                    + ", which is lost when the container is replaced: the agent would enroll as a new agent at every start. Mount a volume there"
                    + " or point " + variable + " at one (or set ELASTIC_AGENT_EPHEMERAL_STATE=true to accept it)");
        }
    }

    private static void writable(String variable, Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new AgentException(ExitCode.USAGE, variable + "=" + dir + " is not writable (" + e.getMessage() + "): the agent keeps its identity there;"
                    + " mount a writable volume or point " + variable + " elsewhere");
        }
    }

    /** The kind of file system holding {@code dir} when it does not persist (the container's overlay root, a tmpfs). */
    Optional<String> ephemeralFilesystem(Path dir) {
        List<String[]> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(mountInfo)) {
                String[] f = line.split(" ");
                int dash = java.util.Arrays.asList(f).indexOf("-");
                if (f.length > 4 && dash > 0 && dash + 1 < f.length) {
                    mounts.add(new String[] {f[4].replace("\\040", " "), f[dash + 1]});
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String best = null;
        String type = null;
        String abs = dir.toAbsolutePath().normalize().toString();
        for (String[] m : mounts) {
            String mp = m[0];
            boolean under = abs.equals(mp) || mp.equals("/") || abs.startsWith(mp + "/");
            if (under && (best == null || mp.length() >= best.length())) {
                best = mp;
                type = m[1];
            }
        }
        if (type == null) {
            return Optional.empty();
        }
        if (type.equals("tmpfs") || type.equals("ramfs")) {
            return Optional.of("a " + type + " (" + best + ")");
        }
        if ((type.equals("overlay") || type.equals("aufs")) && best.equals("/")) {
            return Optional.of("the container's own " + type + " root file system");
        }
        return Optional.empty();
    }

    /** Creates the directories and writes {@code $STATE_PATH/container-paths.yml}. */
    public void writePathsFile(AgentPaths paths) throws IOException {
        Files.createDirectories(paths.top());
        Files.createDirectories(paths.config());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("state_path", env.statePath().toString());
        doc.put("config_path", paths.config().toString());
        doc.put("logs_path", env.logsPath().map(Path::toString).orElse(""));
        doc.put("socket_path", paths.socket().toString());
        AtomicFiles.write(env.statePath().resolve(PATHS_FILE), YamlCodec.dumpBytes(doc), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }

    /** The paths a previous {@code container} start recorded under {@code statePath}, if any. */
    public static Optional<AgentPaths> recorded(Path statePath) {
        Path f = statePath.resolve(PATHS_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = YamlCodec.load(Files.readAllBytes(f));
            Path state = Path.of(String.valueOf(m.get("state_path")));
            String logs = String.valueOf(m.getOrDefault("logs_path", ""));
            return Optional.of(AgentPaths.of(state.resolve("data"), Path.of(String.valueOf(m.get("config_path"))),
                    logs.isEmpty() || "null".equals(logs) ? null : Path.of(logs), Path.of(String.valueOf(m.get("socket_path"))), null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Copies {@code <dist>/data/downloads} into the state path (files already there are kept); returns how many were copied. */
    public static int copyDownloads(Path dist, AgentPaths paths) throws IOException {
        Path from = dist.resolve("data").resolve("downloads");
        Path to = paths.top().resolve("downloads");
        if (!Files.isDirectory(from) || from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return 0;
        }
        int[] copied = {0};
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (!Files.exists(target)) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    copied[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return copied[0];
    }
}
