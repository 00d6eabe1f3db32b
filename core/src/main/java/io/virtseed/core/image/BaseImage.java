package io.virtseed.core.image;

import io.virtseed.core.spec.BootSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A disk image an instance's root disk is layered on.
 *
 * @param format      {@code qcow2} or {@code raw}, as qemu-img detected it
 * @param virtualSize the guest-visible size in bytes
 * @param boot        direct-kernel-boot defaults recorded at import, if any
 */
public record BaseImage(String name, Path path, String format, long virtualSize, Optional<BootSpec> boot) {
}
