package org.fleetagent.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.platform.AtomicFiles;

/** The temporary files of atomic writes that a kill interrupted, removed when the store is next opened. */
final class KilledWriteLeftovers {
    /** fleet.enc's lock, as {@link FleetConfigStore} takes it. */
    static final String LOCK_FILE = "fleet.enc.lock";

    private KilledWriteLeftovers() {
    }

    /**
     * Deletes the temporary files that writes killed half-way left in the configuration directory and the vault. Only
     * while no writer holds the locks (a writer's temporary file is in use); what cannot be removed now is left for
     * the next start.
     */
    static void remove(AgentPaths paths) {
        List<Path> config = new ArrayList<>(AtomicFiles.leftovers(paths.config(), Set.of(paths.fleetEnc().getFileName().toString(),
                paths.fleetEncPrevious().getFileName().toString(),
                paths.configFile().getFileName().toString(), paths.delayedEnroll().getFileName().toString())));
        config.addAll(AtomicFiles.leftovers(paths.data(), Set.of(paths.enrollIntent().getFileName().toString())));
        List<Path> vaultFiles = AtomicFiles.leftovers(paths.vault(), null);
        if (config.isEmpty() && vaultFiles.isEmpty()) {
            return;
        }
        boolean lockExisted = Files.exists(paths.config().resolve(LOCK_FILE));
        try (FileChannel ch = FileChannel.open(paths.config().resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.tryLock()) {
            if (held == null) {
                return;
            }
            for (Path p : config) {
                Files.deleteIfExists(p);
            }
            if (!vaultFiles.isEmpty()) {
                try (FileChannel vch = FileChannel.open(paths.vault().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock vaultHeld = vch.tryLock()) {
                    if (vaultHeld != null) {
                        for (Path p : vaultFiles) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        } catch (IOException | OverlappingFileLockException e) {
            return;
        } finally {
            if (!lockExisted) {
                try {
                    Files.deleteIfExists(paths.config().resolve(LOCK_FILE));
                } catch (IOException e) {
                    // an empty lock file left behind changes nothing
                }
            }
        }
    }
}
