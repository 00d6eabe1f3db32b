package io.virtseed.configdrive.fat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the entries of one directory's bytes: files and subdirectories with their long
 * names when a complete, checksum-matching run of long-name entries precedes them (else
 * the short name, with the lower-case flags Windows NT and mtools set), and the volume label.
 * Deleted entries, {@code .} and {@code ..} are skipped; a zero byte ends the directory.
 *
 * <pre>{@code
 * DirectoryDecoder.Listing listing = DirectoryDecoder.decode(bytes, FatType.FAT16);
 * listing.entries().forEach(e -> System.out.println(e.name()));
 * }</pre>
 */
final class DirectoryDecoder {

    private static final int DELETED = 0xE5;
    /** A first byte of 0x05 stands for a real 0xE5 (a lead byte in some code pages). */
    private static final int KANJI_E5 = 0x05;
    private static final int LOWER_BASE = 0x08;
    private static final int LOWER_EXT = 0x10;
    private static final int MAX_LFN_ENTRIES = 20;

    private DirectoryDecoder() {
    }

    /** One file or subdirectory. */
    record Entry(String name, boolean directory, long firstCluster, long size) {
    }

    /** The entries, and the volume label entry's text if there was one (else null). */
    record Listing(List<Entry> entries, String label) {
    }

    static Listing decode(byte[] dir, FatType type) {
        ByteBuffer b = ByteBuffer.wrap(dir).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> entries = new ArrayList<>();
        String label = null;
        LongName lfn = new LongName();
        for (int off = 0; off + DirectoryEncoder.ENTRY_BYTES <= dir.length; off += DirectoryEncoder.ENTRY_BYTES) {
            int first = dir[off] & 0xFF;
            int attr = dir[off + 11] & 0xFF;
            if (first == 0) {
                break;
            }
            if (first == DELETED) {
                lfn.reset();
            } else if ((attr & 0x3F) == DirectoryEncoder.ATTR_LONG_NAME) {
                lfn.accept(b, off);
            } else {
                byte[] raw = Arrays.copyOfRange(dir, off, off + 11);
                if ((attr & DirectoryEncoder.ATTR_VOLUME_ID) != 0) {
                    label = label == null ? shortText(raw, 0, 11).stripTrailing() : label;
                } else if (raw[0] != '.') {
                    String name = lfn.complete(FatNames.checksum(raw));
                    long high = type == FatType.FAT32 ? (b.getShort(off + 20) & 0xFFFFL) << 16 : 0;
                    entries.add(new Entry(name != null ? name : shortName(raw, dir[off + 12]),
                            (attr & DirectoryEncoder.ATTR_DIRECTORY) != 0,
                            high | (b.getShort(off + 26) & 0xFFFFL), b.getInt(off + 28) & 0xFFFFFFFFL));
                }
                lfn.reset();
            }
        }
        return new Listing(entries, label);
    }

    private static String shortName(byte[] raw, byte caseFlags) {
        String base = shortText(raw, 0, 8).stripTrailing();
        String ext = shortText(raw, 8, 3).stripTrailing();
        if ((caseFlags & LOWER_BASE) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((caseFlags & LOWER_EXT) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    private static String shortText(byte[] raw, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(raw, offset, offset + length);
        if (offset == 0 && (copy[0] & 0xFF) == KANJI_E5) {
            copy[0] = (byte) DELETED;
        }
        return FatNames.decodeOem(copy, 0, length);
    }

    /** Collects one run of long-name entries, stored last part first, ordinals counting down. */
    private static final class LongName {
        private char[] chars;
        private int next;
        private byte checksum;

        void accept(ByteBuffer b, int off) {
            int ordinal = b.get(off) & 0xFF;
            byte sum = b.get(off + 13);
            int n = ordinal & 0x1F;
            if ((ordinal & 0x40) != 0) {
                if (n == 0 || n > MAX_LFN_ENTRIES) {
                    reset();
                    return;
                }
                chars = new char[n * DirectoryEncoder.LFN_CHARS];
                checksum = sum;
            } else if (chars == null || n != next || sum != checksum || n == 0) {
                reset();
                return;
            }
            for (int k = 0; k < DirectoryEncoder.LFN_CHARS; k++) {
                chars[(n - 1) * DirectoryEncoder.LFN_CHARS + k] = b.getChar(off + DirectoryEncoder.LFN_OFFSETS[k]);
            }
            next = n - 1;
        }

        /** The long name if the run is complete and belongs to the short name with this checksum. */
        String complete(byte shortChecksum) {
            if (chars == null || next != 0 || shortChecksum != checksum) {
                return null;
            }
            int len = 0;
            while (len < chars.length && chars[len] != 0) {
                len++;
            }
            return len == 0 ? null : new String(chars, 0, len);
        }

        void reset() {
            chars = null;
            next = -1;
        }
    }
}
