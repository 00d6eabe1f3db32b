package io.virtseed.core.ssh;

import io.virtseed.core.error.StateException;
import io.virtseed.core.metadata.SshPublicKey;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An instance's SSH files, each 0600 in its folder: the key pair virtseed made for it
 * ({@code id_ed25519}, {@code id_ed25519.pub}), the login ({@code ssh_user}) and the
 * {@code known_hosts} that {@code virtseed ssh} checks the guest against.
 *
 * <pre>{@code
 * SshFiles ssh = new SshFiles(instanceDir);
 * ssh.write("debian", Ed25519KeyPair.generate("virtseed@web1", random));
 * }</pre>
 */
public record SshFiles(Path dir) {

    public Path privateKey() {
        return dir.resolve("id_ed25519");
    }

    public Path publicKey() {
        return dir.resolve("id_ed25519.pub");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path userFile() {
        return dir.resolve("ssh_user");
    }

    /** Every file of this kind, for the undo of {@link #write}. */
    public List<Path> all() {
        return List.of(privateKey(), publicKey(), knownHosts(), userFile());
    }

    /** Writes the login and the key pair (0600 each); what is there already is replaced. */
    public void write(String user, Ed25519KeyPair key) {
        write(user, key, AtomicFiles.Sync.NOW);
    }

    /** As {@link #write(String, Ed25519KeyPair)}; {@code sync} says when the files reach the disk. */
    public void write(String user, Ed25519KeyPair key, AtomicFiles.Sync sync) {
        SshUsers.problem(user).ifPresent(p -> {
            throw new IllegalArgumentException("ssh user " + p);
        });
        try {
            AtomicFiles.write(privateKey(), key.privateKeyFile(), AtomicFiles.PRIVATE, sync);
            AtomicFiles.write(publicKey(), line(key.publicKeyLine()), AtomicFiles.PRIVATE, sync);
            AtomicFiles.write(userFile(), line(user), AtomicFiles.PRIVATE, sync);
        } catch (IOException e) {
            throw new StateException("cannot write the SSH files in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The login recorded at {@code up}; empty for an instance made before virtseed kept one. */
    public Optional<String> user() {
        return readLine(userFile()).filter(u -> SshUsers.problem(u).isEmpty());
    }

    /** The public half of virtseed's key; empty for an instance made before virtseed made one. */
    public Optional<String> publicKeyLine() {
        return readLine(publicKey());
    }

    public boolean hasPrivateKey() {
        return Files.isRegularFile(privateKey());
    }

    /** Whether known_hosts holds at least one key, pinned now or earlier. */
    public boolean hasHostKeys() {
        return readLine(knownHosts()).isPresent();
    }

    /** Replaces known_hosts with these keys for {@code alias}, so ssh accepts no other key there. */
    public void pinHostKeys(String alias, List<SshPublicKey> keys) {
        StringBuilder sb = new StringBuilder();
        for (SshPublicKey k : keys) {
            sb.append(alias).append(' ').append(k.type()).append(' ').append(k.body()).append('\n');
        }
        try {
            AtomicFiles.write(knownHosts(), sb.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new StateException("cannot write " + knownHosts() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> readLine(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s.lines().findFirst().orElseThrow().strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
