package org.fleetagent.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.AtomicFiles;

/**
 * The one store of the agent's Fleet configuration: {@code <config>/fleet.enc}, encrypted with the vault key.
 *
 * <p>{@link #saveEnrolled} is the enrollment commit, as the real agent's replace-on-success store: write fleet.enc,
 * then replace {@code elastic-agent.yml} by the Fleet stub, keeping the old file as a timestamped {@code .bak}
 * (skipped when the file already is the stub or a superset of it). Unlike the real agent it is one transaction:
 * if any step fails, fleet.enc, elastic-agent.yml and the vault are put back exactly as they were.
 *
 * <p>A plaintext {@code fleet.yml} (written by hand or by an older tool) is read when fleet.enc is missing, and
 * {@link #migratePlaintext()} encrypts it into fleet.enc and then deletes it; the real agent leaves it on disk.
 */
public final class FleetConfigStore {
    /** The elastic-agent.yml of an agent managed by Fleet. */
    static final String FLEET_STUB = """
            # This Elastic Agent is managed by Fleet: its configuration comes from the Fleet policy and is kept
            # encrypted in fleet.enc beside this file. Change it in Fleet, not here.
            fleet:
              enabled: true
            """;
    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSSS");

    private final AgentPaths paths;
    private final FileVault vault;
    private final EncryptedStore fleetEnc;

    /** The store as the daemon and the read-only commands use it: keys derived in the JDK. */
    public FleetConfigStore(AgentPaths paths) {
        this(paths, Pbkdf2.inJava());
    }

    private FleetConfigStore(AgentPaths paths, Pbkdf2 keys) {
        this.paths = paths;
        this.vault = new FileVault(paths.vault(), keys);
        this.fleetEnc = new EncryptedStore(paths.fleetEnc(), vault);
        KilledWriteLeftovers.remove(paths);
    }

    /** The enrollment intent beside this store, encrypted with its vault (see {@link EnrollIntent}). */
    public EnrollIntent intent() {
        return new EnrollIntent(paths, vault);
    }

    /**
     * The store of a command that hashes enrollment tokens: that loads the host's OpenSSL anyway, where the store's
     * keys are then derived too (6 ms a key instead of 26-36 ms in the JDK; docs/performance.md).
     */
    public static FleetConfigStore forEnrollment(AgentPaths paths) {
        return keyedBy(paths, Pbkdf2.preferringOpenSsl());
    }

    /** The store with its keys derived by {@code keys} (the fuzzer's stand-in among them). */
    static FleetConfigStore keyedBy(AgentPaths paths, Pbkdf2 keys) {
        return new FleetConfigStore(paths, keys);
    }

    /** The stored agent and Fleet configuration, typed; {@link FleetConfig#empty()} when the agent is not enrolled. */
    public FleetConfig read() {
        return FleetConfigCodec.decode(load());
    }

    /** Replaces fleet.enc with {@code config} (the daemon's updates); elastic-agent.yml is not touched. */
    public void write(FleetConfig config) throws IOException {
        try (Lock ignored = lock()) {
            fleetEnc.save(FleetConfigCodec.write(config));
        }
    }

    /**
     * Replaces fleet.enc by {@code change} applied to what it holds, keeping what it held in fleet.enc.prev (its bytes:
     * encrypted with the same key, mode 0600, fleet.enc's owner), under the store's lock so that no write of the daemon
     * is lost. fleet.enc.prev is written first: a crash between the two leaves fleet.enc as it was.
     *
     * @return the configuration now in force
     */
    public FleetConfig replaceKeepingPrevious(UnaryOperator<FleetConfig> change) throws IOException {
        try (Lock ignored = lock()) {
            PosixFileAttributes before = Files.readAttributes(paths.fleetEnc(), PosixFileAttributes.class);
            byte[] current = Files.readAllBytes(paths.fleetEnc());
            FleetConfig next = change.apply(FleetConfigCodec.decode(parse(fleetEnc.load(), paths.fleetEnc())));
            AtomicFiles.write(paths.fleetEncPrevious(), current);
            fleetEnc.save(FleetConfigCodec.write(next));
            AtomicFiles.keepOwner(before, paths.fleetEncPrevious(), paths.fleetEnc());
            return next;
        }
    }

    /** The configuration kept by {@link #replaceKeepingPrevious}, or empty when there is none. */
    public Optional<FleetConfig> readPrevious() {
        byte[] plain = new EncryptedStore(paths.fleetEncPrevious(), vault).load();
        return plain.length == 0 ? Optional.empty() : Optional.of(FleetConfigCodec.decode(parse(plain, paths.fleetEncPrevious())));
    }

    /**
     * Swaps fleet.enc and fleet.enc.prev, so that a second swap undoes the first. fleet.enc is written first: a crash
     * between the two leaves the wanted configuration in force (and both files holding it).
     */
    public void swapWithPrevious() throws IOException {
        try (Lock ignored = lock()) {
            PosixFileAttributes before = Files.readAttributes(paths.fleetEnc(), PosixFileAttributes.class);
            byte[] previous = Files.readAllBytes(paths.fleetEncPrevious());
            byte[] current = Files.readAllBytes(paths.fleetEnc());
            AtomicFiles.write(paths.fleetEnc(), previous);
            AtomicFiles.write(paths.fleetEncPrevious(), current);
            AtomicFiles.keepOwner(before, paths.fleetEnc(), paths.fleetEncPrevious());
        }
    }

    /** The enrollment commit of a typed document; see {@link #saveEnrolled(Map)}. */
    public void saveEnrolled(FleetConfig config) {
        saveEnrolled(FleetConfigCodec.encode(config));
    }

    /** The stored document as a YAML tree, for showing it whole ({@code inspect}); empty when not enrolled. */
    public Map<String, Object> load() {
        requireNotEmptied();
        byte[] plain = fleetEnc.load();
        if (plain.length > 0) {
            return parse(plain, paths.fleetEnc());
        }
        Path legacy = paths.fleetYml();
        if (Files.exists(legacy)) {
            try {
                return parse(Files.readAllBytes(legacy), legacy);
            } catch (IOException e) {
                throw new AgentException(ExitCode.FAILURE, "cannot read " + legacy + ": " + e.getMessage(), e);
            }
        }
        return new LinkedHashMap<>();
    }

    /**
     * Refuses a fleet.enc of 0 bytes. The format allows one (empty plaintext), but this agent never writes it: such a
     * file was emptied by a cut-short copy or write, and reading it as "not enrolled" would run the agent unmanaged.
     */
    private void requireNotEmptied() {
        try {
            if (Files.isRegularFile(paths.fleetEnc()) && Files.size(paths.fleetEnc()) == 0) {
                throw new AgentException(ExitCode.FAILURE, paths.fleetEnc() + " is empty (0 bytes): a write or copy of it was cut short;"
                        + " restore it with its vault from a backup, or enroll again with --force");
            }
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read " + paths.fleetEnc() + ": " + FileErrors.describe(e, paths.fleetEnc()), e);
        }
    }

    /** Whether fleet.enc holds a configuration. */
    public boolean enrolled() {
        try {
            return Files.size(paths.fleetEnc()) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Encrypts a plaintext {@code fleet.yml} into fleet.enc (when fleet.enc is missing or empty) and deletes it.
     *
     * @return whether a file was migrated
     */
    public boolean migratePlaintext() throws IOException {
        Path legacy = paths.fleetYml();
        if (!Files.exists(legacy) || Files.size(legacy) == 0 || enrolled()) {
            return false;
        }
        byte[] plain = Files.readAllBytes(legacy);
        parse(plain, legacy);
        try (Lock ignored = lock()) {
            fleetEnc.save(plain);
        }
        Files.delete(legacy);
        AtomicFiles.fsyncDirectory(paths.config());
        return true;
    }

    /** The enrollment commit; see the class comment. Leaves everything as it was when it fails. */
    public void saveEnrolled(Map<String, Object> doc) {
        Path yml = paths.configFile();
        Snapshot before = null;
        try {
            Files.createDirectories(paths.config());
            boolean lockExisted = Files.exists(lockFile());
            try (Lock ignored = lock()) {
                before = capture(lockExisted);
                fleetEnc.save(YamlCodec.dumpBytes(doc));
                if (before.yml() == null || !containsStub(before.yml())) {
                    if (before.yml() != null) {
                        Path backup = yml.resolveSibling(yml.getFileName() + "." + LocalDateTime.now().format(BACKUP_STAMP) + ".bak");
                        backUp(yml, backup);
                    }
                    AtomicFiles.write(yml, FLEET_STUB.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            String failed = before == null ? null : putBack(before);
            throw new AgentException(ExitCode.FAILURE, "cannot store the enrollment in " + paths.config() + ": " + describe(e)
                    + "; " + (failed == null ? "nothing was changed" : failed), e);
        }
    }

    /**
     * Keeps the user's file under {@code backup} while it stays in place (a second name of the same file, so its mode
     * and owner stay): a kill before the stub is renamed over it leaves the original, never only the backup.
     */
    private static void backUp(Path yml, Path backup) throws IOException {
        try {
            Files.createLink(backup, yml);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            // a file system without hard links: an atomic copy, the original untouched until the stub replaces it
            AtomicFiles.write(backup, Files.readAllBytes(yml), Files.getPosixFilePermissions(yml));
        }
        AtomicFiles.fsyncDirectory(backup.toAbsolutePath().getParent());
    }

    /**
     * The agent's configuration files as they are now, for a change of several steps that must be undone as a whole
     * when a later step fails (the Fleet Server bootstrap writes fleet.enc before it knows whether it can enroll).
     */
    public Snapshot snapshot() {
        try {
            return capture(Files.exists(lockFile()));
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read the configuration in " + paths.config() + ": " + FileErrors.describe(e, paths.config()), e);
        }
    }

    private Snapshot capture(boolean lockExisted) throws IOException {
        Path yml = paths.configFile();
        return new Snapshot(Files.exists(yml) ? Files.readAllBytes(yml) : null,
                Files.exists(paths.fleetEnc()) ? Files.readAllBytes(paths.fleetEnc()) : null,
                Files.exists(paths.vault()), lockExisted, backups());
    }

    /**
     * Puts fleet.enc, elastic-agent.yml (from the backup the enrollment commit made of it, so that its mode and
     * owner stay) and the vault back as they were at {@code before}.
     *
     * @return what was done, for the failure message
     */
    public String restore(Snapshot before) {
        String failed = putBack(before);
        if (failed != null) {
            return failed;
        }
        return before.fleetEnc() == null && before.yml() == null
                ? "the configuration it wrote was removed"
                : "fleet.enc and elastic-agent.yml were put back as they were";
    }

    /** @return null when everything is as it was at {@code before}, else what went wrong and where to look */
    private String putBack(Snapshot before) {
        Path yml = paths.configFile();
        try (Lock ignored = lock()) {
            List<Path> made = new ArrayList<>(backups());
            made.removeAll(before.backups());
            made.sort(Comparator.naturalOrder()); // stamped names: the first one made holds the file as it was
            if (before.yml() == null) {
                Files.deleteIfExists(yml);
            } else if (!made.isEmpty()) {
                Path first = made.remove(0);
                if (Files.exists(yml) && Files.isSameFile(first, yml)) {
                    Files.delete(first); // the backup is a second name of the file still in place (rename would keep both)
                } else {
                    AtomicFiles.rename(first, yml);
                }
            } else if (!Files.exists(yml) || !Arrays.equals(Files.readAllBytes(yml), before.yml())) {
                AtomicFiles.write(yml, before.yml());
            }
            for (Path extra : made) {
                Files.deleteIfExists(extra);
            }
            if (before.fleetEnc() != null) {
                AtomicFiles.write(paths.fleetEnc(), before.fleetEnc());
            } else {
                Files.deleteIfExists(paths.fleetEnc());
            }
            Files.deleteIfExists(paths.fleetEnc().resolveSibling("fleet.enc.tmp"));
            if (!before.vaultExisted()) {
                deleteTree(paths.vault());
            }
        } catch (IOException | RuntimeException e) {
            return "and putting the previous files back failed too (" + describe(e) + "): check " + paths.config();
        }
        try {
            if (!before.lockExisted()) {
                Files.deleteIfExists(lockFile());
            }
        } catch (IOException e) {
            // an empty lock file left behind changes nothing
        }
        return null;
    }

    /** What {@link #snapshot()} saw: the two files' contents (null when missing), and what else existed. */
    public record Snapshot(byte[] yml, byte[] fleetEnc, boolean vaultExisted, boolean lockExisted, List<Path> backups) {
    }

    private List<Path> backups() throws IOException {
        Path dir = paths.configFile().getParent(); // -c may put the file outside the config directory
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = paths.configFile().getFileName() + ".";
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".bak")).toList();
        }
    }

    private Path lockFile() {
        return paths.config().resolve(KilledWriteLeftovers.LOCK_FILE);
    }

    private static boolean containsStub(byte[] yml) {
        try {
            return FleetConfigCodec.decode(YamlCodec.load(yml)).fleetEnabled();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Object> parse(byte[] yaml, Path from) {
        return YamlFiles.parse(yaml, "the configuration in " + from, "restore it from a backup, or enroll again with --force");
    }

    private String describe(Throwable e) {
        if (e instanceof IOException io) {
            return FileErrors.describe(io, paths.config());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Holds the flock of {@code fleet.enc.lock}, as the real agent's writers do. */
    private Lock lock() throws IOException {
        FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(lockFile(), AtomicFiles.OWNER_ONLY);
        return new Lock(ch, ch.lock());
    }

    private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
