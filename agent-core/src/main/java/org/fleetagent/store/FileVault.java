package org.fleetagent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;
import org.fleetagent.platform.AtomicFiles;

/**
 * The real agent's file vault ({@code <config>/vault}), byte for byte (reference/elastic-agent.md §4.3): a seed
 * file ({@code .seed}: 32 random bytes; the FIPS form {@code .seedV2} adds a little-endian uint32 salt size) and
 * one file per key, named {@code hex(sha256(seed || name))}, holding {@code salt || nonce(12) || AES-256-GCM
 * ciphertext and tag} with the key PBKDF2-HMAC-SHA256(seed bytes, salt, 12 022 iterations). The directory is
 * 0700 and every file 0600 (the real agent uses 0750 for the directory). Writers hold {@code .lock}.
 */
public final class FileVault {
    private static final int ITERATIONS = 12_022;
    private static final int SEED = 32;
    private static final int NONCE = 12;
    /** The largest salt a .seedV2 may name: the real agent writes 8 or 16; far more is a damaged file, not a choice. */
    private static final int MAX_SALT = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Pbkdf2 keys;

    /** A vault whose keys are derived in the JDK (see {@link Pbkdf2}). */
    public FileVault(Path dir) {
        this(dir, Pbkdf2.inJava());
    }

    FileVault(Path dir, Pbkdf2 keys) {
        this.dir = dir;
        this.keys = keys;
    }

    /** The key derivation of this vault and of the files encrypted with its agent secret (it keeps recent keys). */
    Pbkdf2 keys() {
        return keys;
    }

    public Path dir() {
        return dir;
    }

    public boolean exists(String name) {
        Optional<Seed> seed = readSeed();
        return seed.isPresent() && Files.exists(dir.resolve(fileName(seed.get(), name)));
    }

    /** The file that holds {@code name}, or empty when the vault has no seed to name it with. */
    public Optional<Path> file(String name) {
        return readSeed().map(seed -> dir.resolve(fileName(seed, name)));
    }

    /** The seed file in use ({@code .seedV2} or {@code .seed}), or empty when neither is usable. */
    public Optional<Path> seedFile() {
        return readSeed().map(seed -> dir.resolve(Files.exists(dir.resolve(".seedV2")) && seed.saltSize() != 8 ? ".seedV2" : ".seed"));
    }

    /** The value stored under {@code name}, or empty when the vault or the key does not exist. */
    public Optional<byte[]> get(String name) {
        Optional<Seed> seed = readSeed();
        if (seed.isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.resolve(fileName(seed.get(), name));
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] raw = Files.readAllBytes(file);
            int saltSize = seed.get().saltSize();
            if (raw.length < saltSize + NONCE + 16) {
                throw corrupted(file, "it is too short");
            }
            byte[] salt = Arrays.copyOfRange(raw, 0, saltSize);
            byte[] nonce = Arrays.copyOfRange(raw, saltSize, saltSize + NONCE);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(seed.get(), salt), new GCMParameterSpec(128, nonce));
            return Optional.of(c.doFinal(raw, saltSize + NONCE, raw.length - saltSize - NONCE));
        } catch (GeneralSecurityException e) {
            throw corrupted(file, "it does not decrypt with this vault's seed");
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read the vault key " + file + ": " + FileErrors.describe(e, file), e);
        }
    }

    /** Stores {@code value} under {@code name}, creating the vault (directory and seed) when missing. */
    public void set(String name, byte[] value) throws IOException {
        AtomicFiles.createPrivateDirectory(dir, AtomicFiles.OWNER_ONLY_DIR);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            Files.setPosixFilePermissions(dir.resolve(".lock"), AtomicFiles.OWNER_ONLY);
            Seed seed = readSeed().orElse(null);
            if (seed == null) {
                byte[] bytes = new byte[SEED];
                RANDOM.nextBytes(bytes);
                AtomicFiles.write(dir.resolve(".seed"), bytes);
                seed = new Seed(bytes, 8);
            }
            byte[] salt = new byte[seed.saltSize()];
            RANDOM.nextBytes(salt);
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(seed, salt), new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(value);
            byte[] out = new byte[salt.length + NONCE + sealed.length];
            System.arraycopy(salt, 0, out, 0, salt.length);
            System.arraycopy(nonce, 0, out, salt.length, NONCE);
            System.arraycopy(sealed, 0, out, salt.length + NONCE, sealed.length);
            AtomicFiles.write(dir.resolve(fileName(seed, name)), out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the vault key: " + e.getMessage(), e);
        }
    }

    public void remove(String name) throws IOException {
        Optional<Seed> seed = readSeed();
        if (seed.isPresent()) {
            Files.deleteIfExists(dir.resolve(fileName(seed.get(), name)));
        }
    }

    private Optional<Seed> readSeed() {
        try {
            if (Files.isDirectory(dir) && !(Files.isReadable(dir) && Files.isExecutable(dir))) {
                // Files.exists is false for a file in a directory this user cannot search: that is no missing seed
                throw new java.nio.file.AccessDeniedException(dir.toString());
            }
            Path v2 = dir.resolve(".seedV2");
            if (Files.exists(v2)) {
                byte[] raw = Files.readAllBytes(v2);
                if (raw.length == SEED + 4) {
                    int saltSize = ByteBuffer.wrap(raw, SEED, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    if (saltSize < 1 || saltSize > MAX_SALT) {
                        throw new AgentException(ExitCode.FAILURE, "the vault seed " + v2 + " is damaged: it names a salt of "
                                + Integer.toUnsignedString(saltSize) + " bytes (the agent writes 8 or 16); restore the whole config"
                                + " directory from a backup, or enroll again with --force");
                    }
                    return Optional.of(new Seed(Arrays.copyOf(raw, SEED), saltSize));
                }
            }
            Path v1 = dir.resolve(".seed");
            if (Files.exists(v1)) {
                byte[] raw = Files.readAllBytes(v1);
                if (raw.length == SEED) {
                    return Optional.of(new Seed(raw, 8));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read the vault seed in " + dir + ": " + FileErrors.describe(e, dir), e);
        }
    }

    private static String fileName(Seed seed, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed.bytes());
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec key(Seed seed, byte[] salt) {
        return new SecretKeySpec(keys.sha256(seed.bytes(), salt, ITERATIONS, 32), "AES");
    }

    private AgentException corrupted(Path file, String why) {
        return new AgentException(ExitCode.FAILURE, "the vault key " + file + " cannot be used: " + why
                + ". The vault in " + dir + " does not belong to this configuration (copied or partly restored?); restore the whole"
                + " config directory from the same backup, or enroll again with --force");
    }

    private record Seed(byte[] bytes, int saltSize) {
    }
}
