package io.virtseed.embed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an embedding keeps its state and which libvirt it talks to; the same choices as the
 * CLI's {@code --state-dir} and {@code --connect}.
 *
 * @param stateDir   the state folder: instances, networks, images
 * @param connectUri the libvirt connection, {@code qemu:///system} for real guests
 */
public record Settings(Path stateDir, String connectUri) {

    /** The CLI's defaults. */
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/virtseed");
    public static final String DEFAULT_CONNECT = "qemu:///system";

    public Settings {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(connectUri, "connectUri");
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    /** The CLI's defaults: {@code /var/lib/virtseed} on {@code qemu:///system}. */
    public static Settings defaults() {
        return new Settings(DEFAULT_STATE_DIR, DEFAULT_CONNECT);
    }

    public Settings withStateDir(Path dir) {
        return new Settings(dir, connectUri);
    }

    public Settings withConnect(String uri) {
        return new Settings(stateDir, uri);
    }
}
