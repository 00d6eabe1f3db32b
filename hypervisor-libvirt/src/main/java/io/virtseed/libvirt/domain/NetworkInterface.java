package io.virtseed.libvirt.domain;

import io.virtseed.core.value.MacAddress;
import java.util.Objects;

/** A NIC on a libvirt-managed virtual network: {@code <interface type='network'>}. */
public record NetworkInterface(String network, MacAddress mac, NicModel model) implements NetInterface {

    public NetworkInterface {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String type() {
        return "network";
    }
}
