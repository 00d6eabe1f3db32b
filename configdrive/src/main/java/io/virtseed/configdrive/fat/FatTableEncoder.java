package io.virtseed.configdrive.fat;

import java.util.List;

/**
 * Encodes the used head of a file allocation table: the two reserved entries and one
 * contiguous chain per run of clusters. The rest of the table is zero (free) and is never
 * written, which keeps the image sparse and the heap small whatever the image size.
 *
 * <pre>{@code
 * byte[] fat = FatTableEncoder.encode(FatType.FAT16, List.of(new ClusterRun(2, 3)), 512);
 * }</pre>
 */
final class FatTableEncoder {

    private static final int MEDIA_FIXED_DISK = 0xF8;

    private FatTableEncoder() {
    }

    /** A chain of {@code length} consecutive clusters from {@code start}. */
    record ClusterRun(long start, long length) {
        long last() {
            return start + length - 1;
        }
    }

    /**
     * The table bytes up to the last used cluster, padded to a whole sector.
     *
     * @param runs         chains, each of at least one cluster
     * @param sectorBytes  sector size the result is padded to
     */
    static byte[] encode(FatType type, List<ClusterRun> runs, int sectorBytes) {
        long lastCluster = 1;
        for (ClusterRun r : runs) {
            lastCluster = Math.max(lastCluster, r.last());
        }
        long bytes = type.fatBytesFor(lastCluster + 1);
        long padded = (bytes + sectorBytes - 1) / sectorBytes * sectorBytes;
        if (padded > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("FAT head of " + padded + " bytes is too large to build");
        }
        byte[] fat = new byte[(int) padded];
        // Entry 0 repeats the media byte; entry 1 is end-of-chain with the "clean" bits set.
        put(type, fat, 0, (type.mask() & ~0xFFL) | MEDIA_FIXED_DISK);
        put(type, fat, 1, type.endOfChain());
        for (ClusterRun r : runs) {
            for (long c = r.start(); c < r.last(); c++) {
                put(type, fat, c, c + 1);
            }
            put(type, fat, r.last(), type.endOfChain());
        }
        return fat;
    }

    private static void put(FatType type, byte[] fat, long cluster, long value) {
        switch (type) {
            case FAT12 -> {
                int off = (int) (cluster + cluster / 2);
                int v = (int) (value & 0xFFF);
                if ((cluster & 1) == 0) {
                    fat[off] = (byte) v;
                    fat[off + 1] = (byte) ((fat[off + 1] & 0xF0) | (v >>> 8));
                } else {
                    fat[off] = (byte) ((fat[off] & 0x0F) | ((v & 0x0F) << 4));
                    fat[off + 1] = (byte) (v >>> 4);
                }
            }
            case FAT16 -> {
                int off = (int) (cluster * 2);
                fat[off] = (byte) value;
                fat[off + 1] = (byte) (value >>> 8);
            }
            case FAT32 -> {
                int off = (int) (cluster * 4);
                for (int i = 0; i < 4; i++) {
                    fat[off + i] = (byte) (value >>> (8 * i));
                }
            }
        }
    }
}
