package io.virtseed.configdrive.fat;

/**
 * Where the regions of a FAT volume lie: reserved sectors (boot sector), the FAT copies,
 * the fixed root directory (FAT12/16 only) and the data clusters, numbered from 2.
 *
 * <pre>{@code
 * FatGeometry g = FatGeometry.forImageSize(64L << 20); // FAT16, 2 KiB clusters, like mkfs.fat
 * long offset = g.clusterOffset(2);
 * }</pre>
 *
 * @param type             the variant, which must match {@link #clusterCount()}
 * @param bytesPerSector   512, 1024, 2048 or 4096
 * @param sectorsPerCluster a power of two, 1..128
 * @param reservedSectors  sectors before the first FAT (boot sector, FAT32 FSInfo and backup)
 * @param fatCount         number of FAT copies
 * @param rootEntryCount   32-byte entries of the fixed root directory (0 on FAT32)
 * @param fatSectors       sectors of one FAT copy
 * @param totalSectors     sectors of the whole volume
 */
public record FatGeometry(FatType type, int bytesPerSector, int sectorsPerCluster, int reservedSectors,
                          int fatCount, int rootEntryCount, long fatSectors, long totalSectors) {

    static final int SECTOR = 512;
    /** The root directory entries mkfs.fat gives a hard-disk sized FAT12/16 volume. */
    private static final int ROOT_ENTRIES = 512;
    private static final int FAT32_RESERVED = 32;
    /** The largest cluster every FAT implementation accepts (bigger ones are a Windows NT extension). */
    private static final int MAX_CLUSTER_BYTES = 32 * 1024;
    /** Keep this far away from a variant boundary: implementations disagree at the edges. */
    private static final long BOUNDARY_MARGIN = 16;

    /** Sectors of the fixed root directory. */
    public long rootDirSectors() {
        return ((long) rootEntryCount * 32 + bytesPerSector - 1) / bytesPerSector;
    }

    public long firstDataSector() {
        return reservedSectors + fatCount * fatSectors + rootDirSectors();
    }

    /** Number of data clusters, which decides the variant. */
    public long clusterCount() {
        long data = totalSectors - firstDataSector();
        return data <= 0 ? 0 : data / sectorsPerCluster;
    }

    public int clusterBytes() {
        return bytesPerSector * sectorsPerCluster;
    }

    /** Byte offset of data cluster {@code cluster} (2 is the first). */
    public long clusterOffset(long cluster) {
        return (firstDataSector() + (cluster - 2) * sectorsPerCluster) * bytesPerSector;
    }

    /** Byte offset of FAT copy {@code index}. */
    public long fatOffset(int index) {
        return (reservedSectors + (long) index * fatSectors) * bytesPerSector;
    }

    /** Byte offset of the fixed root directory (FAT12/16). */
    public long rootDirOffset() {
        return (reservedSectors + fatCount * fatSectors) * bytesPerSector;
    }

    public long sizeBytes() {
        return totalSectors * bytesPerSector;
    }

    /**
     * The layout we write for an image of {@code sizeBytes}: FAT12 below 8400 sectors,
     * FAT16 up to 512 MiB, FAT32 above, with the cluster sizes of Microsoft's format tables
     * (64 MiB gives FAT16 with 2 KiB clusters, as {@code mkfs.fat} does), enlarged if the
     * cluster count would otherwise fall near or beyond the variant's limits.
     */
    public static FatGeometry forImageSize(long sizeBytes) {
        long sectors = sizeBytes / SECTOR;
        FatType type = sectors < 8400 ? FatType.FAT12 : sectors <= 1_048_576 ? FatType.FAT16 : FatType.FAT32;
        for (int spc = initialSectorsPerCluster(type, sectors); spc * SECTOR <= MAX_CLUSTER_BYTES; spc *= 2) {
            FatGeometry g = layout(type, spc, sectors);
            long clusters = g.clusterCount();
            if (clusters >= type.minClusters() + (type == FatType.FAT12 ? 0 : BOUNDARY_MARGIN)
                    && clusters <= type.maxClusters() - BOUNDARY_MARGIN) {
                return g;
            }
        }
        throw new IllegalArgumentException("no FAT layout fits an image of " + sizeBytes + " bytes");
    }

    private static int initialSectorsPerCluster(FatType type, long sectors) {
        return switch (type) {
            case FAT12 -> 1;
            case FAT16 -> sectors <= 32_680 ? 2 : sectors <= 262_144 ? 4 : sectors <= 524_288 ? 8 : 16;
            case FAT32 -> sectors <= 16_777_216 ? 8 : sectors <= 33_554_432 ? 16 : sectors <= 67_108_864 ? 32 : 64;
        };
    }

    /** Sizes the FATs for the clusters that remain, then aligns the data area to a cluster. */
    private static FatGeometry layout(FatType type, int spc, long sectors) {
        int reserved = type == FatType.FAT32 ? FAT32_RESERVED : 1;
        int rootEntries = type == FatType.FAT32 ? 0 : ROOT_ENTRIES;
        long fatSectors = 1;
        while (true) {
            FatGeometry g = new FatGeometry(type, SECTOR, spc, reserved, 2, rootEntries, fatSectors, sectors);
            long needed = (type.fatBytesFor(Math.max(g.clusterCount(), 0) + 2) + SECTOR - 1) / SECTOR;
            if (needed <= fatSectors) {
                break;
            }
            fatSectors = needed;
        }
        // Growing the reserved area only removes clusters, so the FAT stays large enough.
        long misalignment = new FatGeometry(type, SECTOR, spc, reserved, 2, rootEntries, fatSectors, sectors)
                .firstDataSector() % spc;
        int padded = reserved + (int) ((spc - misalignment) % spc);
        return new FatGeometry(type, SECTOR, spc, padded, 2, rootEntries, fatSectors, sectors);
    }
}
