package io.virtseed.libvirt.domain;

import io.virtseed.core.value.MacAddress;
import java.util.Objects;

/** A NIC plugged into an existing host bridge: {@code <interface type='bridge'>}. */
public record BridgeInterface(String bridge, MacAddress mac, NicModel model) implements NetInterface {

    public BridgeInterface {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String type() {
        return "bridge";
    }
}
