package io.virtseed.core.ports;

import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.util.Objects;

/** A static DHCP reservation: the guest NIC with this MAC gets this IPv4 address. */
public record DhcpHost(MacAddress mac, IpAddress ip, String instance) {

    public DhcpHost {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(instance, "instance");
        if (ip.isV6()) {
            throw new IllegalArgumentException("a DHCP reservation is IPv4; IPv6 comes from SLAAC");
        }
    }
}
