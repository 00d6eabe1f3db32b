package io.virtseed.core.spec;

/** How a network reaches beyond its bridge. */
public enum NetworkMode {
    /** Guests reach each other and the metadata service only. */
    ISOLATED,
    /** The host is the gateway and masquerades outgoing traffic. */
    NAT,
    /** Guests join an existing host bridge. */
    BRIDGED
}
