package org.fleetagent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.errors.FileErrors;
import org.fleetagent.platform.AtomicFiles;

/**
 * One file encrypted with the agent secret ({@link EncryptedFile} format): fleet.enc, and enroll.enc for delayed
 * enrollment. Saved atomically, mode 0600.
 */
public record EncryptedStore(Path file, FileVault vault) {
    /** The plaintext; empty when the file is missing or empty. */
    public byte[] load() {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        try {
            byte[] data = Files.readAllBytes(file);
            if (data.length == 0) {
                return data;
            }
            Optional<byte[]> secret = AgentSecret.load(vault);
            if (secret.isEmpty()) {
                throw new AgentException(ExitCode.FAILURE, "cannot decrypt " + file + ": the vault " + vault.dir()
                        + " has no agent key. The vault was lost or not copied with it; restore both from the same backup, or enroll again with --force");
            }
            return EncryptedFile.decrypt(vault.keys(), secret.get(), data);
        } catch (GeneralSecurityException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot decrypt " + file + ": " + e.getMessage()
                    + ". It was written with another vault key or is damaged; restore it with its vault from the same backup, or enroll again with --force", e);
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot read " + file + ": " + FileErrors.describe(e, file), e);
        }
    }

    /** Encrypts and writes {@code plaintext}, creating the agent secret when the vault has none. */
    public void save(byte[] plaintext) throws IOException {
        byte[] secret = AgentSecret.getOrCreate(vault);
        try {
            AtomicFiles.write(file, EncryptedFile.encrypt(vault.keys(), secret, plaintext));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt " + file + ": " + e.getMessage(), e);
        }
    }
}
