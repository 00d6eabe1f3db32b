package io.virtseed.core.ports;

import java.util.Objects;

/**
 * One thing on the host that carries virtseed's {@code vs} prefix outside libvirt, and whose it is.
 *
 * @param kind      {@code link}, {@code namespace}, {@code iptables}, {@code process}
 * @param name      how the host names it: the link, the namespace, {@code TABLE CHAIN}, {@code dnsmasq PID}
 * @param networkId the id of the network it belongs to, empty when it cannot be told
 * @param owner     what its mark proves
 */
public record HostObject(String kind, String name, String networkId, Owner owner) {

    /** Who a host object belongs to, as far as its mark proves. */
    public enum Owner {
        /** Marked with the asking state folder's mark. */
        THIS_STATE,
        /** Marked by another state folder. */
        OTHER_STATE,
        /** No mark, or one virtseed did not write: maybe another tool's; never touched. */
        UNPROVEN
    }

    public HostObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(owner, "owner");
    }
}
