package io.virtseed.core.ports;

import io.virtseed.core.value.MacAddress;
import java.util.Objects;

/** A guest NIC plugged into a host bridge. */
public record NicAttachment(MacAddress mac, String bridge) {

    public NicAttachment {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(bridge, "bridge");
    }
}
