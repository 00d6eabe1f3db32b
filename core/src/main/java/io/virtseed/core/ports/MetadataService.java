package io.virtseed.core.ports;

import java.nio.file.Path;

/**
 * Keeps the metadata service (169.254.169.254 on every network of a state folder) running, so a
 * guest with a NIC never boots without its metadata. The CLI starts {@code virtseed serve} in the
 * background when none runs; an embedding may run the daemon itself.
 */
@FunctionalInterface
public interface MetadataService {

    /** Returns once a service for this state folder answers; starts one when none does. */
    void ensureServing(Path stateRoot);

    /** For embeddings that serve metadata themselves, or not at all. */
    MetadataService NONE = stateRoot -> { };
}
