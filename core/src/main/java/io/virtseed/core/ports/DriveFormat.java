package io.virtseed.core.ports;

/** How a config drive is laid out on its block device. */
public enum DriveFormat {
    /** ISO9660 with Joliet and Rock Ridge; attached as a read-only cdrom. */
    ISO9660,
    /** FAT, 64 MiB; attached as a disk on the instance's disk bus. */
    VFAT
}
