package io.virtseed.libvirt.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code <devices>} element, limited to what virtseed attaches.
 *
 * @param emulator       QEMU binary; absent lets libvirt choose from its capabilities
 * @param memballoon     {@code <memballoon model=...>}; {@code none} when no balloon is wanted
 * @param rng            virtio RNG fed from a host source, which keeps TCG guests from starving
 *                       for entropy at boot
 */
public record Devices(Optional<Path> emulator, List<Disk> disks, List<NetInterface> interfaces,
        Optional<SerialConsole> serial, MemBalloon memballoon, Optional<Rng> rng) {

    public Devices {
        Objects.requireNonNull(emulator, "emulator");
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(memballoon, "memballoon");
        Objects.requireNonNull(rng, "rng");
    }

    /** The memory balloon model. */
    public enum MemBalloon {
        NONE("none"),
        VIRTIO("virtio");

        private final String xml;

        MemBalloon(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }
}
