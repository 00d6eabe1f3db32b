package io.virtseed.libvirt.domain;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A file-backed {@code <disk type='file'>}: a hard disk or a cdrom, its image format, the
 * guest-side target and whether it is read-only. Which combinations QEMU accepts is decided
 * by {@code DomainRules}, not here.
 *
 * @param targetDev guest device name, e.g. {@code vda}, {@code hda}, {@code sda}
 */
public record Disk(Device device, Format format, Path source, String targetDev, Bus bus, boolean readonly) {

    public Disk {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(targetDev, "targetDev");
        Objects.requireNonNull(bus, "bus");
    }

    /** {@code <disk device=...>}. */
    public enum Device {
        DISK, CDROM;

        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code <driver name='qemu' type=...>}: the image format. */
    public enum Format {
        QCOW2, RAW;

        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code <target bus=...>}, with the device-name prefix guests and libvirt use on that bus. */
    public enum Bus {
        IDE("hd"),
        SATA("sd"),
        SCSI("sd"),
        VIRTIO("vd");

        private final String devPrefix;

        Bus(String devPrefix) {
            this.devPrefix = devPrefix;
        }

        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The conventional {@code target dev} prefix on this bus, e.g. {@code hd} for IDE. */
        public String devPrefix() {
            return devPrefix;
        }
    }
}
