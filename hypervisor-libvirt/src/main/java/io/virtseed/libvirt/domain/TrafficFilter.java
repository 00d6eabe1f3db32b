package io.virtseed.libvirt.domain;

import io.virtseed.core.value.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * {@code <filterref filter=NAME>} with one {@code IP} parameter per address: libvirt's
 * {@code clean-traffic} then drops frames from any other MAC or IPv4 source (and ARP for
 * others' addresses), which is what lets the metadata service trust a guest's source address.
 */
public record TrafficFilter(String name, List<IpAddress> addresses) {

    /** libvirt's stock filter against MAC, IP and ARP spoofing. */
    public static final String CLEAN_TRAFFIC = "clean-traffic";

    public TrafficFilter {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
    }

    public static TrafficFilter cleanTraffic(List<IpAddress> addresses) {
        return new TrafficFilter(CLEAN_TRAFFIC, addresses);
    }
}
