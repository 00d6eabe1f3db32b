package io.virtseed.configdrive.fat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.BitSet;

/**
 * Read access to the clusters of an untrusted FAT image. Every offset is checked against
 * the image, every cluster number against the volume, and every cluster may be read once
 * per volume: a chain that comes back to a cluster (a loop, or two files sharing clusters)
 * is reported instead of followed, so reading always ends.
 *
 * <pre>{@code
 * FatVolume volume = new FatVolume(channel, header, activeFat);
 * byte[] data = volume.readChain(firstCluster, size, "/openstack/latest/meta_data.json");
 * }</pre>
 */
final class FatVolume {

    /** The FAT is read through a window of this many bytes (plus the few an entry may straddle). */
    private static final int WINDOW = 64 * 1024;
    /** A directory holds at most 65536 entries of 32 bytes. */
    private static final long MAX_DIRECTORY_BYTES = 65_536L * 32;
    /** All directories together: far above any real config drive, far below a hang. */
    private static final long MAX_TOTAL_DIRECTORY_BYTES = 64L * 1024 * 1024;

    private final FileChannel channel;
    private final long imageBytes;
    private final FatGeometry geometry;
    private final long fatStart;
    private final BitSet seen = new BitSet();
    private long directoryBytes;
    private byte[] window = new byte[0];
    private long windowStart = -1;

    FatVolume(FileChannel channel, FatGeometry geometry, int activeFat) throws IOException {
        this.channel = channel;
        this.imageBytes = channel.size();
        this.geometry = geometry;
        this.fatStart = geometry.fatOffset(activeFat);
    }

    FatGeometry geometry() {
        return geometry;
    }

    /** Reads {@code length} bytes at {@code offset}, failing if they are not all in the image. */
    byte[] readAt(long offset, int length) throws IOException {
        return readRange(channel, imageBytes, offset, length);
    }

    /** Reads {@code length} bytes at {@code offset} of an image of {@code imageBytes} bytes. */
    static byte[] readRange(FileChannel channel, long imageBytes, long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > imageBytes - length) {
            throw new FatFormatException("read of " + length + " bytes at offset " + offset
                    + " goes beyond the end of the " + imageBytes + "-byte image");
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) {
                throw new FatFormatException("image ended early at offset " + (offset + buf.position()));
            }
        }
        return buf.array();
    }

    /** The fixed root directory of a FAT12/16 volume. */
    byte[] readFixedRoot() throws IOException {
        return readAt(geometry.rootDirOffset(), geometry.rootEntryCount() * DirectoryEncoder.ENTRY_BYTES);
    }

    /** The bytes of a file: {@code size} bytes from the chain that starts at {@code first}. */
    byte[] readChain(long first, long size, String what) throws IOException {
        if (size == 0) {
            return new byte[0];
        }
        int clusterBytes = geometry.clusterBytes();
        byte[] out = new byte[(int) size];
        long cluster = first;
        int done = 0;
        while (done < size) {
            claim(cluster, what);
            int n = (int) Math.min(clusterBytes, size - done);
            System.arraycopy(readAt(geometry.clusterOffset(cluster), n), 0, out, done, n);
            done += n;
            if (done < size) {
                cluster = next(cluster, what);
                if (cluster < 0) {
                    throw new FatFormatException(what + ": cluster chain ends after " + done + " of " + size + " bytes");
                }
            }
        }
        return out;
    }

    /** The bytes of a subdirectory (or FAT32 root): its whole chain, at most 2 MiB. */
    byte[] readDirectory(long first, String what) throws IOException {
        int clusterBytes = geometry.clusterBytes();
        ByteBuffer out = ByteBuffer.allocate(clusterBytes);
        for (long cluster = first; cluster >= 0; cluster = next(cluster, what)) {
            claim(cluster, what);
            if (out.position() + (long) clusterBytes > MAX_DIRECTORY_BYTES) {
                throw new FatFormatException(what + ": directory is larger than " + MAX_DIRECTORY_BYTES + " bytes");
            }
            directoryBytes += clusterBytes;
            if (directoryBytes > MAX_TOTAL_DIRECTORY_BYTES) {
                throw new FatFormatException(what + ": directories add up to more than "
                        + MAX_TOTAL_DIRECTORY_BYTES + " bytes");
            }
            if (out.remaining() < clusterBytes) {
                out = ByteBuffer.allocate((int) Math.min(MAX_DIRECTORY_BYTES, out.capacity() * 2L)).put(out.flip());
            }
            out.put(readAt(geometry.clusterOffset(cluster), clusterBytes));
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** Marks a cluster as read; a second visit means a loop or a cross-link. */
    private void claim(long cluster, String what) throws FatFormatException {
        checkRange(cluster, what);
        int index = (int) (cluster - 2);
        if (seen.get(index)) {
            throw new FatFormatException(what + ": cluster " + cluster
                    + " is reached twice (a cluster chain loop, or clusters shared by two files)");
        }
        seen.set(index);
    }

    private void checkRange(long cluster, String what) throws FatFormatException {
        if (cluster < 2 || cluster > geometry.clusterCount() + 1) {
            throw new FatFormatException(what + ": cluster " + cluster + " is outside the volume's data clusters 2.."
                    + (geometry.clusterCount() + 1));
        }
    }

    /** The cluster after {@code cluster}, or -1 at the end of the chain. */
    private long next(long cluster, String what) throws IOException {
        long value = entry(cluster);
        FatType type = geometry.type();
        if (type.isEndOfChain(value)) {
            return -1;
        }
        if (value == type.badCluster() || value < 2) {
            throw new FatFormatException(what + ": cluster " + cluster + " leads to "
                    + (value == type.badCluster() ? "a bad cluster" : "a free cluster") + " in the FAT");
        }
        checkRange(value, what);
        return value;
    }

    private long entry(long cluster) throws IOException {
        FatType type = geometry.type();
        long offset = type == FatType.FAT12 ? cluster + cluster / 2 : cluster * (type.entryBits() / 8);
        int width = type == FatType.FAT32 ? 4 : 2;
        if (offset < windowStart || offset + width > windowStart + window.length) {
            long fatBytes = geometry.fatSectors() * geometry.bytesPerSector();
            windowStart = offset / WINDOW * WINDOW;
            window = readAt(fatStart + windowStart, (int) Math.min(WINDOW + 4, fatBytes - windowStart));
        }
        ByteBuffer b = ByteBuffer.wrap(window).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) (offset - windowStart);
        return switch (type) {
            case FAT12 -> {
                int v = b.getShort(at) & 0xFFFF;
                yield (cluster & 1) == 0 ? v & 0xFFF : v >>> 4;
            }
            case FAT16 -> b.getShort(at) & 0xFFFF;
            case FAT32 -> b.getInt(at) & 0x0FFFFFFFL;
        };
    }
}
