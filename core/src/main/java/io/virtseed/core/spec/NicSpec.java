package io.virtseed.core.spec;

import io.virtseed.core.value.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One guest NIC: the network it joins and, optionally, a fixed MAC and addresses.
 *
 * @param network  name of the network (a plan's network or one made with {@code net create})
 * @param ip       IPv4 address, optionally with {@code /prefix}; allocated when empty
 * @param ip6      IPv6 address with {@code /prefix}, static; none when empty
 * @param mac      generated (52:54:00 prefix) when empty
 * @param dhcp     true: the guest asks DHCP; false: static config in network_data.json
 * @param gateway  IPv4 default route for a static NIC; the network's when empty
 * @param gateway6 IPv6 default route for a static IPv6 address
 * @param dns      name servers for a static NIC
 */
public record NicSpec(String network, Optional<String> ip, Optional<String> ip6, Optional<MacAddress> mac,
        boolean dhcp, Optional<String> gateway, Optional<String> gateway6, List<String> dns) {

    public NicSpec {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(ip6, "ip6");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(gateway6, "gateway6");
        dns = List.copyOf(dns);
    }

    public static NicSpec dhcpOn(String network) {
        return new NicSpec(network, Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(),
                Optional.empty(), List.of());
    }

    /**
     * {@code equals(dhcpOn(network))}, field by field: a record's generated {@code equals} is bound
     * at its first call by a bootstrap that spins classes, some 15 ms of a one-shot
     * {@code drive build}, which asks this of every spec. Keep it next to {@link #dhcpOn}.
     */
    public boolean isDhcpOnly(String network) {
        return this.network.equals(network) && dhcp && ip.isEmpty() && ip6.isEmpty() && mac.isEmpty()
                && gateway.isEmpty() && gateway6.isEmpty() && dns.isEmpty();
    }
}
