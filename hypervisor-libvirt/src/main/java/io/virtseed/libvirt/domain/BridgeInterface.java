package io.virtseed.libvirt.domain;

import io.virtseed.core.value.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A NIC plugged into an existing host bridge: {@code <interface type='bridge'>}.
 *
 * @param target the host-side tap name ({@code <target dev=...>}); libvirt picks one when empty
 * @param mtu    {@code <mtu size=...>}, when the network sets one
 * @param filter the libvirt nwfilter that limits what the guest may send
 */
public record BridgeInterface(String bridge, MacAddress mac, NicModel model, Optional<String> target, OptionalInt mtu,
        Optional<TrafficFilter> filter) implements NetInterface {

    public BridgeInterface {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mtu, "mtu");
        Objects.requireNonNull(filter, "filter");
    }

    public BridgeInterface(String bridge, MacAddress mac, NicModel model) {
        this(bridge, mac, model, Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    @Override
    public String type() {
        return "bridge";
    }
}
