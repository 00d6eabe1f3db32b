package io.virtseed.libvirt.domain;

import java.nio.file.Path;
import java.util.Objects;

/** A virtio RNG device fed from a host random source: {@code <rng model='virtio'>}. */
public record Rng(Path source) {

    public Rng {
        Objects.requireNonNull(source, "source");
    }
}
