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
}
