package io.virtseed.core.metadata;

import io.virtseed.core.error.StateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The password a Windows guest posted ({@code instances/NAME/password}, 0600): opaque text,
 * cloudbase-init's base64 of the RSA-encrypted password. Absent or empty means none is set.
 *
 * <pre>{@code
 * byte[] stored = PasswordFile.read(dir);   // empty when none
 * }</pre>
 */
public final class PasswordFile {

    public static final String FILE_NAME = "password";

    private PasswordFile() {
    }

    public static byte[] read(Path instanceDir) {
        try {
            return Files.readAllBytes(instanceDir.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new StateException("cannot read the password in " + instanceDir + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path instanceDir, byte[] value) {
        try {
            io.virtseed.core.state.AtomicFiles.write(instanceDir.resolve(FILE_NAME), value,
                    io.virtseed.core.state.AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new StateException("cannot store the password in " + instanceDir + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the password, so the guest may post a new one (nova's clear-password). */
    public static void clear(Path instanceDir) {
        try {
            Files.deleteIfExists(instanceDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new StateException("cannot clear the password in " + instanceDir + ": " + e.getMessage(), e);
        }
    }
}
