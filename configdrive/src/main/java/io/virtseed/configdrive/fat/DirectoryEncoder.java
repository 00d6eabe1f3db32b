package io.virtseed.configdrive.fat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes 32-byte directory entries into a directory's bytes: the {@code .}/{@code ..}
 * pair, the volume label, and files or subdirectories with their VFAT long-name entries
 * in front. Every timestamp is one fixed instant, so the same tree gives the same bytes.
 *
 * <pre>{@code
 * DirectoryEncoder dir = new DirectoryEncoder(2048);
 * dir.dotEntries(5, 0);
 * dir.add("meta_data.json", shortName, DirectoryEncoder.ATTR_ARCHIVE, 7, 42);
 * byte[] bytes = dir.bytes();
 * }</pre>
 */
final class DirectoryEncoder {

    static final int ENTRY_BYTES = 32;
    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_ARCHIVE = 0x20;
    static final int ATTR_LONG_NAME = 0x0F;
    /** UTF-16 code units per long-name entry. */
    static final int LFN_CHARS = 13;
    /** Offsets of the 13 name characters inside a long-name entry. */
    static final int[] LFN_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    /** 2000-01-01, 00:00:00 in FAT's date and time encoding; any fixed instant would do. */
    private static final short FIXED_DATE = (short) (((2000 - 1980) << 9) | (1 << 5) | 1);
    private static final short FIXED_TIME = 0;
    private static final int LAST_LFN_FLAG = 0x40;

    private final ByteBuffer buf;

    DirectoryEncoder(int capacityBytes) {
        this.buf = ByteBuffer.allocate(capacityBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Entries one name takes: the short entry, plus long-name entries if it needs them. */
    static int entriesFor(String name, ShortNames.ShortName shortName) {
        return 1 + (shortName.needsLongName() ? (name.length() + LFN_CHARS - 1) / LFN_CHARS : 0);
    }

    /** The {@code .} and {@code ..} entries that open every subdirectory ({@code parent} 0 = root). */
    void dotEntries(long self, long parent) {
        shortEntry(FatNames.shortNameBytes(".", ""), ATTR_DIRECTORY, self, 0);
        shortEntry(FatNames.shortNameBytes("..", ""), ATTR_DIRECTORY, parent, 0);
    }

    /** The volume label entry of the root directory; blkid reads the label from here first. */
    void volumeLabel(String label) {
        shortEntry(FatNames.paddedLabel(label), ATTR_VOLUME_ID, 0, 0);
    }

    /** A file or directory entry, with its long-name entries in front when it needs them. */
    void add(String name, ShortNames.ShortName shortName, int attributes, long firstCluster, long size) {
        byte[] sn = shortName.bytes();
        if (shortName.needsLongName()) {
            longNameEntries(name, FatNames.checksum(sn));
        }
        shortEntry(sn, attributes, firstCluster, size);
    }

    byte[] bytes() {
        return buf.array();
    }

    /** Long-name entries go last part first; the first entry stored carries the 0x40 flag. */
    private void longNameEntries(String name, byte checksum) {
        int count = (name.length() + LFN_CHARS - 1) / LFN_CHARS;
        for (int ordinal = count; ordinal >= 1; ordinal--) {
            int start = buf.position();
            buf.put(start, (byte) (ordinal | (ordinal == count ? LAST_LFN_FLAG : 0)));
            buf.put(start + 11, (byte) ATTR_LONG_NAME);
            buf.put(start + 12, (byte) 0);
            buf.put(start + 13, checksum);
            buf.putShort(start + 26, (short) 0);
            int from = (ordinal - 1) * LFN_CHARS;
            for (int k = 0; k < LFN_CHARS; k++) {
                int i = from + k;
                // A name that does not fill the last entry ends with one NUL, then 0xFFFF padding.
                char c = i < name.length() ? name.charAt(i) : i == name.length() ? 0 : (char) 0xFFFF;
                buf.putChar(start + LFN_OFFSETS[k], c);
            }
            buf.position(start + ENTRY_BYTES);
        }
    }

    private void shortEntry(byte[] name11, int attributes, long firstCluster, long size) {
        int start = buf.position();
        buf.put(start, name11);
        buf.put(start + 11, (byte) attributes);
        buf.putShort(start + 14, FIXED_TIME);
        buf.putShort(start + 16, FIXED_DATE);
        buf.putShort(start + 18, FIXED_DATE);
        buf.putShort(start + 20, (short) (firstCluster >>> 16));
        buf.putShort(start + 22, FIXED_TIME);
        buf.putShort(start + 24, FIXED_DATE);
        buf.putShort(start + 26, (short) firstCluster);
        buf.putInt(start + 28, (int) size);
        buf.position(start + ENTRY_BYTES);
    }
}
