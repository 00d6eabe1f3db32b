package io.virtseed.libvirt.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code <os>} element: {@code <type arch machine>hvm</type>}, optional direct kernel boot,
 * the BIOS boot order, whether SMBIOS comes from {@code <sysinfo>}, and UEFI firmware.
 *
 * @param machine      QEMU machine type as libvirt names it ({@code pc}, {@code q35})
 * @param bootOrder    devices for {@code <boot dev=...>}, in order; may be empty
 * @param smbiosSysinfo writes {@code <smbios mode='sysinfo'/>}
 * @param uefi         UEFI firmware instead of the BIOS; absent for the BIOS
 */
public record OsConfig(String arch, String machine, Optional<Path> kernel, Optional<Path> initrd,
        Optional<String> cmdline, List<BootDevice> bootOrder, boolean smbiosSysinfo, Optional<Uefi> uefi) {

    public OsConfig {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
        bootOrder = List.copyOf(bootOrder);
        Objects.requireNonNull(uefi, "uefi");
    }

    /** A BIOS guest. */
    public OsConfig(String arch, String machine, Optional<Path> kernel, Optional<Path> initrd, Optional<String> cmdline,
            List<BootDevice> bootOrder, boolean smbiosSysinfo) {
        this(arch, machine, kernel, initrd, cmdline, bootOrder, smbiosSysinfo, Optional.empty());
    }

    /**
     * {@code <os firmware='efi'>}: libvirt picks the firmware from the host's descriptors (OVMF's
     * in {@code /usr/share/qemu/firmware}), asked for one without Secure Boot, whose keys would
     * refuse a directly booted kernel not signed for them. The variable store is the guest's own
     * file, which libvirt copies from the firmware's template on first start.
     *
     * @param nvram the guest's variable store
     */
    public record Uefi(Path nvram) {
        public Uefi {
            Objects.requireNonNull(nvram, "nvram");
        }
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
