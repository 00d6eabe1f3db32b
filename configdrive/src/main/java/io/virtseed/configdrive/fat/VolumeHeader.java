package io.virtseed.configdrive.fat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The boot sector of a FAT volume (BIOS parameter block and extended boot record), and the
 * FAT32 FSInfo sector. Encodes what the writer lays out; decodes, with every field checked,
 * what the reader is given.
 *
 * <pre>{@code
 * byte[] sector = new VolumeHeader(geometry, 2, serial, "config-2").encode();
 * VolumeHeader back = VolumeHeader.parse(sector, imageBytes);
 * }</pre>
 *
 * @param geometry    the volume layout
 * @param rootCluster first cluster of the root directory (FAT32; 0 otherwise)
 * @param serial      volume serial number ("volume id")
 * @param bootLabel   volume label as stored in the boot sector, trailing spaces removed
 */
record VolumeHeader(FatGeometry geometry, long rootCluster, int serial, String bootLabel) {

    static final int FAT32_FSINFO_SECTOR = 1;
    static final int FAT32_BACKUP_BOOT_SECTOR = 6;
    private static final int MEDIA_FIXED_DISK = 0xF8;
    private static final int DRIVE_HARD_DISK = 0x80;
    private static final int EXTENDED_BOOT_SIGNATURE = 0x29;

    /** The 512-byte boot sector. */
    byte[] encode() {
        FatGeometry g = geometry;
        boolean fat32 = g.type() == FatType.FAT32;
        ByteBuffer b = ByteBuffer.allocate(FatGeometry.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        int bootCode = fat32 ? 0x5A : 0x3E;
        b.put(0, new byte[] {(byte) 0xEB, (byte) (bootCode - 2), (byte) 0x90});
        b.put(3, "MSWIN4.1".getBytes(StandardCharsets.US_ASCII));
        b.putShort(11, (short) g.bytesPerSector());
        b.put(13, (byte) g.sectorsPerCluster());
        b.putShort(14, (short) g.reservedSectors());
        b.put(16, (byte) g.fatCount());
        b.putShort(17, (short) g.rootEntryCount());
        boolean small = g.totalSectors() < 0x10000 && !fat32;
        b.putShort(19, (short) (small ? g.totalSectors() : 0));
        b.put(21, (byte) MEDIA_FIXED_DISK);
        b.putShort(22, (short) (fat32 ? 0 : g.fatSectors()));
        b.putShort(24, (short) 63);   // geometry hints only; nothing reads them for a virtual disk
        b.putShort(26, (short) 255);
        b.putInt(28, 0);
        b.putInt(32, (int) (small ? 0 : g.totalSectors()));
        int ebr = 36;
        if (fat32) {
            b.putInt(36, (int) g.fatSectors());
            b.putShort(40, (short) 0);  // both FATs mirrored
            b.putShort(42, (short) 0);  // version 0.0
            b.putInt(44, (int) rootCluster);
            b.putShort(48, (short) FAT32_FSINFO_SECTOR);
            b.putShort(50, (short) FAT32_BACKUP_BOOT_SECTOR);
            ebr = 64;
        }
        b.put(ebr, (byte) DRIVE_HARD_DISK);
        b.put(ebr + 1, (byte) 0);       // clean: the "dirty" flag of Linux/fsck lives here
        b.put(ebr + 2, (byte) EXTENDED_BOOT_SIGNATURE);
        b.putInt(ebr + 3, serial);
        b.put(ebr + 7, FatNames.paddedLabel(bootLabel));
        b.put(ebr + 18, g.type().typeLabel().getBytes(StandardCharsets.US_ASCII));
        // Not bootable: "int 18h" hands over to the next boot device, then halt-loop.
        b.put(bootCode, new byte[] {(byte) 0xCD, 0x18, (byte) 0xEB, (byte) 0xFE});
        b.put(510, (byte) 0x55).put(511, (byte) 0xAA);
        return b.array();
    }

    /** The FAT32 FSInfo sector with the free-cluster hints. */
    static byte[] encodeFsInfo(long freeClusters, long nextFree) {
        ByteBuffer b = ByteBuffer.allocate(FatGeometry.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x41615252);
        b.putInt(484, 0x61417272);
        b.putInt(488, (int) freeClusters);
        b.putInt(492, (int) nextFree);
        b.putInt(508, 0xAA550000);
        return b.array();
    }

    /**
     * Reads and checks a boot sector.
     *
     * @param sector     the first 512 bytes of the image
     * @param imageBytes the image length, which bounds the declared size
     * @return the header (the FAT copy to read comes from {@link #activeFat(byte[], FatGeometry)})
     */
    static VolumeHeader parse(byte[] sector, long imageBytes) throws FatFormatException {
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        if (sector.length < FatGeometry.SECTOR || (b.get(510) & 0xFF) != 0x55 || (b.get(511) & 0xFF) != 0xAA) {
            throw new FatFormatException("no boot sector signature 55 AA at offset 510: not a FAT image");
        }
        int bps = b.getShort(11) & 0xFFFF;
        int spc = b.get(13) & 0xFF;
        int reserved = b.getShort(14) & 0xFFFF;
        int fats = b.get(16) & 0xFF;
        int rootEntries = b.getShort(17) & 0xFFFF;
        long total = (b.getShort(19) & 0xFFFF) != 0 ? b.getShort(19) & 0xFFFF : b.getInt(32) & 0xFFFFFFFFL;
        long fatSectors = (b.getShort(22) & 0xFFFF) != 0 ? b.getShort(22) & 0xFFFF : b.getInt(36) & 0xFFFFFFFFL;
        require(bps == 512 || bps == 1024 || bps == 2048 || bps == 4096, "bytes per sector " + bps);
        require(spc >= 1 && spc <= 128 && Integer.bitCount(spc) == 1, "sectors per cluster " + spc);
        require(reserved >= 1, "reserved sector count 0");
        require(fats >= 1 && fats <= 4, "FAT count " + fats);
        require(fatSectors >= 1, "FAT size 0");
        require(total >= 1 && total <= imageBytes / bps, "total sectors " + total
                + " (the image holds " + imageBytes / bps + ")");
        FatGeometry probe = new FatGeometry(FatType.FAT12, bps, spc, reserved, fats, rootEntries, fatSectors, total);
        require(probe.firstDataSector() < total, "data area starts beyond the end of the volume");
        FatType type = FatType.forClusterCount(probe.clusterCount());
        FatGeometry g = new FatGeometry(type, bps, spc, reserved, fats, rootEntries, fatSectors, total);
        require(type.fatBytesFor(g.clusterCount() + 2) <= fatSectors * bps, "FAT of " + fatSectors
                + " sectors is too small for " + g.clusterCount() + " clusters");
        int ebr = type == FatType.FAT32 ? 64 : 36;
        long rootCluster = 0;
        if (type == FatType.FAT32) {
            require(rootEntries == 0, "FAT32 volume with a fixed root directory");
            rootCluster = b.getInt(44) & 0xFFFFFFFFL;
            require(rootCluster >= 2 && rootCluster <= g.clusterCount() + 1, "root cluster " + rootCluster);
        } else {
            require(rootEntries >= 1, "FAT12/16 volume without root directory entries");
        }
        boolean extended = (b.get(ebr + 2) & 0xFF) == EXTENDED_BOOT_SIGNATURE;
        int serial = extended ? b.getInt(ebr + 3) : 0;
        String label = extended ? FatNames.decodeOem(sector, ebr + 7, 11).stripTrailing() : "";
        return new VolumeHeader(g, rootCluster, serial, label.equals("NO NAME") ? "" : label);
    }

    /** The FAT copy to read: FAT32 may switch mirroring off and name one active copy. */
    static int activeFat(byte[] sector, FatGeometry g) {
        if (g.type() != FatType.FAT32) {
            return 0;
        }
        int flags = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN).getShort(40) & 0xFFFF;
        boolean mirrored = (flags & 0x80) == 0;
        int active = flags & 0x0F;
        return mirrored || active >= g.fatCount() ? 0 : active;
    }

    private static void require(boolean ok, String what) throws FatFormatException {
        if (!ok) {
            throw new FatFormatException("invalid FAT boot sector: " + what);
        }
    }
}
