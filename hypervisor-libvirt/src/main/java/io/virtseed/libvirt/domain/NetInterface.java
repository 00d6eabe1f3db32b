package io.virtseed.libvirt.domain;

import io.virtseed.core.value.MacAddress;

/**
 * A guest NIC. The variant decides {@code <interface type=...>}, so the type can never disagree
 * with the source it names.
 */
public sealed interface NetInterface permits BridgeInterface {

    /** The value of {@code <interface type=...>}. */
    String type();

    MacAddress mac();

    NicModel model();
}
