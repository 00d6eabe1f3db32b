package io.virtseed.core.ports;

import io.virtseed.core.state.NetworkRecord;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A network and its folder in the state directory ({@code networks/NAME/}), where the adapter
 * keeps what it runs the network with (DHCP configuration, hosts file, pid and lease files).
 */
public record NetworkContext(NetworkRecord record, Path dir) {

    public NetworkContext {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(dir, "dir");
    }

    /** The state folder the network belongs to: its folder is {@code STATE/networks/NAME}. */
    public Path stateRoot() {
        Path abs = dir.toAbsolutePath().normalize();
        Path networks = abs.getParent();
        return networks == null || networks.getParent() == null ? abs : networks.getParent();
    }

    /** The mark this network's host objects carry. */
    public StateMark mark() {
        return StateMark.of(stateRoot());
    }
}
