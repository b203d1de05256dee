package org.fleetagent.enrollment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.install.InstallJournal;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.AgentSecret;
import org.fleetagent.store.EncryptedFile;
import org.fleetagent.store.FileVault;
import org.fleetagent.store.FleetConfig;
import org.fleetagent.store.FleetConfigCodec;

/**
 * {@code vault check}: whether fleet.enc and the vault that unlocks it are usable by the service: the agent secret
 * is in the vault and decrypts, fleet.enc decrypts with it into a Fleet configuration, no file is open to other
 * users, and every file belongs to the user the service runs as. Reads only; each problem says its fix.
 */
public final class VaultHealth {
    private final AgentPaths paths;
    private final String serviceUser;

    /** The installed unit, whose {@code User=} names the service user. */
    private static final Path UNIT = Path.of("/etc/systemd/system/elastic-agent.service");

    /**
     * @param serviceUser the user the service runs as, who must own the files; null: the one the install journal
     *                    records, else the unit's {@code User=} (root when it has none), or without a unit the user running this check
     */
    public VaultHealth(AgentPaths paths, String serviceUser) {
        this.paths = paths;
        this.serviceUser = serviceUser != null && !serviceUser.isBlank() ? serviceUser
                : serviceUserOfInstall(paths.top().resolve(".install-journal.json")).orElseGet(() -> serviceUserOfUnit(UNIT));
    }

    public String serviceUser() {
        return serviceUser;
    }

    /** The service user the install journal records (install, privileged and unprivileged keep it current). */
    static Optional<String> serviceUserOfInstall(Path journal) {
        try {
            return InstallJournal.read(journal).map(j -> j.settings().getOrDefault("user", "")).map(u -> u.isEmpty() ? "root" : u);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable journal: the unit still names the user
        }
    }

    static String serviceUserOfUnit(Path unit) {
        try {
            if (Files.isRegularFile(unit)) {
                return Files.readAllLines(unit).stream().map(String::strip).filter(l -> l.startsWith("User="))
                        .map(l -> l.substring("User=".length()).strip()).reduce((a, b) -> b).orElse("root");
            }
        } catch (IOException e) {
            // unreadable unit: fall back to the user running the check, which the findings name
        }
        return System.getProperty("user.name");
    }

    /**
     * One finding.
     *
     * @param ok      whether it passed
     * @param subject the file or the property checked
     * @param detail  what was found
     * @param fix     what to do about it ("" when ok)
     */
    public record Finding(boolean ok, String subject, String detail, String fix) {
        static Finding ok(String subject, String detail) {
            return new Finding(true, subject, detail, "");
        }

        static Finding problem(String subject, String detail, String fix) {
            return new Finding(false, subject, detail, fix);
        }
    }

    /** Every finding, problems and passes, in the order checked. */
    public List<Finding> check() {
        List<Finding> out = new ArrayList<>();
        Path enc = paths.fleetEnc();
        FileVault vault = new FileVault(paths.vault());
        if (!Files.isRegularFile(enc)) {
            out.add(Finding.problem(enc.toString(), "missing: this agent is not enrolled, or the file was removed",
                    "restore fleet.enc with its vault from a backup, or enroll again (elastic-agent enroll)"));
        } else {
            access(out, enc, PosixFilePermissions.fromString("rw-------"), "600");
        }
        if (Files.isRegularFile(paths.fleetEncPrevious())) { // the settings 'fleet undo' returns to hold the same secrets
            access(out, paths.fleetEncPrevious(), PosixFilePermissions.fromString("rw-------"), "600");
        }
        if (!Files.isDirectory(paths.vault())) {
            out.add(Finding.problem(paths.vault().toString(), "missing: the key of fleet.enc is gone with it",
                    "restore the vault directory from the same backup as fleet.enc, or enroll again with --force"));
            return out;
        }
        access(out, paths.vault(), PosixFilePermissions.fromString("rwxr-x---"), "700");
        Optional<Path> seed = vault.seedFile();
        if (seed.isEmpty()) {
            out.add(Finding.problem(paths.vault().resolve(".seed").toString(), "missing or not 32 bytes: no key of the vault can be found",
                    "restore the vault directory from the same backup as fleet.enc, or enroll again with --force"));
            return out;
        }
        access(out, seed.get(), PosixFilePermissions.fromString("rw-------"), "600");
        Path keyFile = vault.file(AgentSecret.NAME).orElseThrow();
        if (!Files.isRegularFile(keyFile)) {
            out.add(Finding.problem(keyFile.toString(), "missing: the vault has no agent secret, so fleet.enc cannot be decrypted",
                    "restore the vault directory from the same backup as fleet.enc, or enroll again with --force"));
            return out;
        }
        access(out, keyFile, PosixFilePermissions.fromString("rw-------"), "600");
        byte[] secret;
        try {
            secret = AgentSecret.load(vault).orElseThrow();
            out.add(Finding.ok(keyFile.toString(), "the agent secret decrypts with the vault's seed"));
        } catch (AgentException e) {
            out.add(Finding.problem(keyFile.toString(), "damaged: " + e.getMessage(), "restore the vault directory from the same backup"
                    + " as fleet.enc, or enroll again with --force"));
            return out;
        }
        if (Files.isRegularFile(enc)) {
            decrypts(out, enc, secret);
        }
        return out;
    }

    private void decrypts(List<Finding> out, Path enc, byte[] secret) {
        try {
            byte[] plain = EncryptedFile.decrypt(secret, Files.readAllBytes(enc));
            FleetConfig c = FleetConfigCodec.decode(YamlCodec.load(plain));
            if (c.fleet() == null) {
                out.add(Finding.problem(enc.toString(), "decrypts, but holds no fleet section", "enroll again with --force"));
            } else {
                out.add(Finding.ok(enc.toString(), "decrypts with the agent secret into a Fleet configuration"
                        + (c.agentId().isEmpty() ? "" : " (agent " + c.agentId() + ")")));
            }
        } catch (GeneralSecurityException e) {
            out.add(Finding.problem(enc.toString(), "does not decrypt (" + e.getMessage() + ")", plain(enc) + "restore fleet.enc with its vault"
                    + " from a backup, or enroll again with --force"));
        } catch (IOException | RuntimeException e) {
            out.add(Finding.problem(enc.toString(), "cannot be read (" + e.getMessage() + ")", "check the file, then enroll again with --force"));
        }
    }

    private static String plain(Path enc) {
        return enc.getParent() != null && Files.exists(enc.resolveSibling("fleet.yml")) ? "a plaintext fleet.yml is beside it; " : "";
    }

    /** Mode within {@code allowed} and owner the service user. */
    private void access(List<Finding> out, Path file, Set<PosixFilePermission> allowed, String chmod) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
            List<String> wrong = new ArrayList<>();
            if (!allowed.containsAll(mode)) {
                wrong.add("mode " + octal(mode) + " lets other users read or change it");
            }
            if (!owner.equals(serviceUser)) {
                wrong.add("it belongs to " + owner + " but the service runs as " + serviceUser);
            }
            if (wrong.isEmpty()) {
                out.add(Finding.ok(file.toString(), "mode " + octal(mode) + ", owner " + owner));
                return;
            }
            List<String> fixes = new ArrayList<>();
            if (!allowed.containsAll(mode)) {
                fixes.add("chmod " + chmod + " " + file);
            }
            if (!owner.equals(serviceUser)) {
                fixes.add("chown " + serviceUser + " " + file);
            }
            out.add(Finding.problem(file.toString(), String.join("; ", wrong), "run " + String.join(" && ", fixes)));
        } catch (IOException e) {
            out.add(Finding.problem(file.toString(), "cannot read its mode or owner (" + e.getMessage() + ")",
                    "run the check as root or as " + serviceUser));
        }
    }

    private static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", bits);
    }
}
