package io.virtseed.core.image;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Writes an empty qcow2 (version 3) image backed by another file, as {@code qemu-img create -f
 * qcow2 -b BASE -F FORMAT FILE [SIZE]} lays it out: 64 KiB clusters, the header in cluster 0 (with
 * the backing format extension and the backing file name), the refcount table in cluster 1, its
 * one refcount block in cluster 2 and the L1 table, all zero, from cluster 3. Nothing is allocated
 * for data, so every read goes to the backing file until the guest writes. Done in process
 * because starting {@code qemu-img} was a fifth of what {@code up} adds to libvirt's own work.
 *
 * <p>The backing name is written as given and QEMU opens it as a file name, so only a plain
 * absolute path is accepted: no {@code json:} or protocol prefix can reach QEMU through it.
 */
final class Qcow2Overlay {

    static final int CLUSTER_BITS = 16;
    static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;
    /** QEMU refuses longer backing file names. */
    static final int MAX_BACKING_NAME = 1023;
    /** QEMU's own limit for the L1 table (32 MiB): 2 PiB of virtual disk with 64 KiB clusters. */
    static final long MAX_L1_ENTRIES = (32L << 20) / 8;

    private static final int MAGIC = 0x514649fb; // "QFI\xfb"
    private static final int VERSION = 3;
    private static final int REFCOUNT_ORDER = 4; // 16-bit refcounts, QEMU's default
    private static final int HEADER_LENGTH = 112; // version 3 fields, the compression type byte, padding
    private static final int EXT_BACKING_FORMAT = 0xe2792aca;
    private static final long REFCOUNT_TABLE = CLUSTER_SIZE;
    private static final long REFCOUNT_BLOCK = 2L * CLUSTER_SIZE;
    private static final long L1_TABLE = 3L * CLUSTER_SIZE;
    private static final Set<String> FORMATS = Set.of("qcow2", "raw");

    private Qcow2Overlay() {
    }

    /**
     * Writes the overlay into {@code file} (which must exist; it is truncated) and syncs its
     * data, as qemu-img does before it exits.
     *
     * @param backing       the absolute path of the backing file
     * @param backingFormat its format, {@code qcow2} or {@code raw}
     * @param virtualSize   the guest's disk size in bytes, rounded up to whole 512-byte sectors
     */
    static void write(Path file, Path backing, String backingFormat, long virtualSize) throws IOException {
        write(file, backing, backingFormat, virtualSize, AtomicFiles.Sync.NOW);
    }

    /** As {@link #write(Path, Path, String, long)}; with {@link AtomicFiles.Sync#LATER} the data is not synced. */
    static void write(Path file, Path backing, String backingFormat, long virtualSize, AtomicFiles.Sync sync)
            throws IOException {
        byte[] name = backingName(backing);
        if (!FORMATS.contains(backingFormat)) {
            throw new SpecException("cannot layer a disk on a " + backingFormat + " image: only qcow2 and raw");
        }
        if (virtualSize <= 0) {
            throw new SpecException("disk size must be positive, not " + virtualSize);
        }
        long size = (virtualSize + 511) & ~511L;
        long l1Entries = l1Entries(size);
        if (l1Entries > MAX_L1_ENTRIES) {
            throw new SpecException("disk size " + virtualSize + " is larger than a qcow2 image can be");
        }
        long l1Clusters = (l1Entries * 8 + CLUSTER_SIZE - 1) / CLUSTER_SIZE;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, header(name, backingFormat, size, l1Entries), 0);
            writeFully(ch, ByteBuffer.allocate(8).putLong(0, REFCOUNT_BLOCK), REFCOUNT_TABLE);
            // the header, the refcount table and block, and the L1 table's clusters are used once each
            int used = (int) (3 + l1Clusters);
            ByteBuffer refcounts = ByteBuffer.allocate(used * 2);
            for (int i = 0; i < used; i++) {
                refcounts.putShort(i * 2, (short) 1);
            }
            writeFully(ch, refcounts, REFCOUNT_BLOCK);
            // the L1 table is all zeroes: the file only has to reach its end (the rest stays a hole)
            writeFully(ch, ByteBuffer.allocate(8), L1_TABLE + l1Entries * 8 - 8);
            if (sync == AtomicFiles.Sync.NOW) {
                ch.force(false);
            }
        }
    }

    /** One L1 entry maps one L2 table: CLUSTER_SIZE / 8 clusters of CLUSTER_SIZE bytes. */
    static long l1Entries(long size) {
        long perEntry = (long) CLUSTER_SIZE * (CLUSTER_SIZE / 8);
        return Math.max(1, (size + perEntry - 1) / perEntry);
    }

    /** The backing file's name as QEMU will read it; refused unless it can only mean that file. */
    static byte[] backingName(Path backing) {
        String text = backing.toString();
        if (!backing.isAbsolute()) { // a name starting with '/' is never read as json: or a protocol
            throw new SpecException("backing file '" + text + "' must be an absolute path");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new SpecException("backing file name has a control character: " + text.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        byte[] name = text.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_BACKING_NAME) {
            throw new SpecException("backing file path is longer than QEMU accepts (" + MAX_BACKING_NAME + " bytes): "
                    + text);
        }
        return name;
    }

    private static ByteBuffer header(byte[] name, String format, long size, long l1Entries) {
        byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
        int extensions = 8 + pad8(fmt.length) + 8; // backing format, then the end marker
        int nameOffset = HEADER_LENGTH + extensions;
        ByteBuffer b = ByteBuffer.allocate(nameOffset + name.length); // big-endian, zero-filled
        b.putInt(0, MAGIC).putInt(4, VERSION)
                .putLong(8, nameOffset).putInt(16, name.length)
                .putInt(20, CLUSTER_BITS)
                .putLong(24, size)
                .putInt(32, 0) // no encryption
                .putInt(36, (int) l1Entries).putLong(40, L1_TABLE)
                .putLong(48, REFCOUNT_TABLE).putInt(56, 1)
                .putInt(60, 0).putLong(64, 0) // no snapshots
                // 72..95: no incompatible, compatible or autoclear features
                .putInt(96, REFCOUNT_ORDER).putInt(100, HEADER_LENGTH);
        // 104: compression type 0 (zlib), then padding to HEADER_LENGTH
        b.putInt(HEADER_LENGTH, EXT_BACKING_FORMAT).putInt(HEADER_LENGTH + 4, fmt.length)
                .put(HEADER_LENGTH + 8, fmt);
        // the end-of-extensions marker (type 0, length 0) is already zero
        b.put(nameOffset, name);
        return b;
    }

    private static int pad8(int n) {
        return (n + 7) & ~7;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
