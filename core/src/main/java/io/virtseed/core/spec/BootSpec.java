package io.virtseed.core.spec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Direct kernel boot: absolute kernel and initrd paths and the kernel command line. */
public record BootSpec(Path kernel, Optional<Path> initrd, String cmdline) {

    public BootSpec {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        cmdline = cmdline == null ? "" : cmdline;
        if (!kernel.isAbsolute() || initrd.map(p -> !p.isAbsolute()).orElse(false)) {
            throw new IllegalArgumentException("boot paths must be absolute once resolved: " + kernel);
        }
        if (cmdline.indexOf('\0') >= 0 || cmdline.length() > 2048) {
            throw new IllegalArgumentException("boot cmdline must be at most 2048 characters without NUL");
        }
    }
}
