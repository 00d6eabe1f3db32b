package io.virtseed.configdrive.fat;

/**
 * The three FAT variants. The variant of a volume is decided by its count of data
 * clusters alone (the Linux kernel, fsck.fat and Windows all judge it that way), never by
 * the type string in the boot sector.
 *
 * <pre>{@code
 * FatType type = FatType.forClusterCount(32695); // FAT16
 * }</pre>
 */
public enum FatType {
    FAT12(12, 0xFFF, "FAT12   "),
    FAT16(16, 0xFFFF, "FAT16   "),
    FAT32(32, 0x0FFFFFFF, "FAT32   ");

    /** A volume with fewer clusters than this is FAT12. */
    static final long FAT16_MIN_CLUSTERS = 4085;
    /** A volume with fewer clusters than this (and not FAT12) is FAT16. */
    static final long FAT32_MIN_CLUSTERS = 65525;
    /** Cluster numbers must stay below the reserved range that starts at 0x0FFFFFF7. */
    static final long FAT32_MAX_CLUSTERS = 0x0FFFFFF5L;

    private final int entryBits;
    private final long mask;
    private final String typeLabel;

    FatType(int entryBits, long mask, String typeLabel) {
        this.entryBits = entryBits;
        this.mask = mask;
        this.typeLabel = typeLabel;
    }

    /** The variant a volume with this many data clusters is, per the Microsoft rule. */
    public static FatType forClusterCount(long clusters) {
        if (clusters < FAT16_MIN_CLUSTERS) {
            return FAT12;
        }
        return clusters < FAT32_MIN_CLUSTERS ? FAT16 : FAT32;
    }

    /** Bits per FAT entry (12, 16 or 32; FAT32 uses only the low 28). */
    public int entryBits() {
        return entryBits;
    }

    /** Mask of the meaningful bits of an entry. */
    long mask() {
        return mask;
    }

    /** The end-of-chain value we write. */
    long endOfChain() {
        return mask;
    }

    /** Values at or above this end a chain (0xFF8, 0xFFF8, 0x0FFFFFF8). */
    boolean isEndOfChain(long value) {
        return value >= mask - 7;
    }

    /** The "bad cluster" marker. */
    long badCluster() {
        return mask - 8;
    }

    /** Smallest and largest cluster count that belong to this variant. */
    long minClusters() {
        return switch (this) {
            case FAT12 -> 1;
            case FAT16 -> FAT16_MIN_CLUSTERS;
            case FAT32 -> FAT32_MIN_CLUSTERS;
        };
    }

    long maxClusters() {
        return switch (this) {
            case FAT12 -> FAT16_MIN_CLUSTERS - 1;
            case FAT16 -> FAT32_MIN_CLUSTERS - 1;
            case FAT32 -> FAT32_MAX_CLUSTERS;
        };
    }

    /** The informational 8-byte type string of the boot sector, e.g. {@code "FAT16   "}. */
    String typeLabel() {
        return typeLabel;
    }

    /** Bytes a FAT needs to hold {@code entries} entries (FAT12 packs two entries in three bytes). */
    long fatBytesFor(long entries) {
        return entryBits == 12 ? (entries * 3 + 1) / 2 : entries * (entryBits / 8);
    }
}
