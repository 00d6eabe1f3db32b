package io.virtseed.core.ports;

import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A guest NIC plugged into a host bridge.
 *
 * @param tap       the host-side device name the hypervisor gives the NIC ({@code vs...})
 * @param mtu       the link MTU, when the network sets one
 * @param addresses the guest's own addresses: the hypervisor lets the NIC send from these (and its
 *                  MAC) only, so the metadata service can trust a source address; empty: no filter
 */
public record NicAttachment(MacAddress mac, String bridge, String tap, OptionalInt mtu, List<IpAddress> addresses) {

    public NicAttachment {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(tap, "tap");
        Objects.requireNonNull(mtu, "mtu");
        addresses = List.copyOf(addresses);
    }

    /** A NIC on a bridge with no tap name, MTU or filter of ours. */
    public static NicAttachment plain(MacAddress mac, String bridge) {
        return new NicAttachment(mac, bridge, "", OptionalInt.empty(), List.of());
    }
}
