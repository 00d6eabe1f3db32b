package io.virtseed.libvirt.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code <os>} element: {@code <type arch machine>hvm</type>}, optional direct kernel boot,
 * the BIOS boot order and whether SMBIOS comes from {@code <sysinfo>}.
 *
 * @param machine      QEMU machine type as libvirt names it ({@code pc}, {@code q35})
 * @param bootOrder    devices for {@code <boot dev=...>}, in order; may be empty
 * @param smbiosSysinfo writes {@code <smbios mode='sysinfo'/>}
 */
public record OsConfig(String arch, String machine, Optional<Path> kernel, Optional<Path> initrd,
        Optional<String> cmdline, List<BootDevice> bootOrder, boolean smbiosSysinfo) {

    public OsConfig {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
        bootOrder = List.copyOf(bootOrder);
    }

    /** A BIOS boot device. */
    public enum BootDevice {
        HD, CDROM, NETWORK;

        /** The value of {@code <boot dev=...>}. */
        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
