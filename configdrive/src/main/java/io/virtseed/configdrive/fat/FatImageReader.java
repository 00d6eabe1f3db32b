package io.virtseed.configdrive.fat;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a FAT12/16/32 image (ours, or one made by {@code mkfs.vfat} and filled by
 * {@code mcopy} or a mount) into its label and file tree. The image is untrusted: every
 * field and offset is checked, cluster chains that loop or cross are reported, and the
 * amount read is capped, so a hostile image yields a {@link FatFormatException}, never a
 * hang or an out-of-memory error.
 *
 * <pre>{@code
 * FatImage image = new FatImageReader().read(Path.of("disk.config"));
 * byte[] meta = image.tree().get("openstack/latest/meta_data.json").orElseThrow();
 * }</pre>
 */
public final class FatImageReader {

    /** Default cap on the total size of the files read. */
    public static final long DEFAULT_MAX_CONTENT_BYTES = 256L * 1024 * 1024;
    private static final int MAX_DEPTH = 64;
    /** Files and directories together; MetadataTree.Builder checks each path against all others. */
    private static final int MAX_ENTRIES = 10_000;
    private static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private final long maxContentBytes;

    public FatImageReader() {
        this(DEFAULT_MAX_CONTENT_BYTES);
    }

    /** A reader that refuses images whose files add up to more than {@code maxContentBytes}. */
    public FatImageReader(long maxContentBytes) {
        if (maxContentBytes < 0) {
            throw new IllegalArgumentException("content limit must not be negative: " + maxContentBytes);
        }
        this.maxContentBytes = maxContentBytes;
    }

    /**
     * Reads the image at {@code image}.
     *
     * @throws FatFormatException if it is not a readable FAT volume or exceeds the limits
     * @throws IOException        if the file cannot be read
     */
    public FatImage read(Path image) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < FatGeometry.SECTOR) {
                throw new FatFormatException("the image is " + size + " bytes, too small for a boot sector");
            }
            byte[] boot = FatVolume.readRange(channel, size, 0, FatGeometry.SECTOR);
            VolumeHeader header = VolumeHeader.parse(boot, size);
            FatGeometry g = header.geometry();
            FatVolume volume = new FatVolume(channel, g, VolumeHeader.activeFat(boot, g));
            byte[] rootBytes = g.type() == FatType.FAT32
                    ? volume.readDirectory(header.rootCluster(), "/") : volume.readFixedRoot();
            DirectoryDecoder.Listing root = DirectoryDecoder.decode(rootBytes, g.type());
            Walk walk = new Walk(volume);
            walk.directory(root.entries(), "", 0);
            String label = root.label() != null ? root.label() : header.bootLabel();
            return new FatImage(label.equals("NO NAME") ? "" : label, g.type(), header.serial(), walk.tree());
        } catch (FatFormatException e) {
            throw new FatFormatException(image + ": " + e.getMessage(), e);
        }
    }

    /** One pass over the directory tree, with its running totals. */
    private final class Walk {
        private final FatVolume volume;
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private long contentBytes;
        private int entryCount;

        Walk(FatVolume volume) {
            this.volume = volume;
        }

        void directory(List<DirectoryDecoder.Entry> entries, String prefix, int depth) throws IOException {
            for (DirectoryDecoder.Entry e : entries) {
                if (++entryCount > MAX_ENTRIES) {
                    throw new FatFormatException("more than " + MAX_ENTRIES + " files and directories in the image");
                }
                if (e.name().indexOf('/') >= 0 || e.name().indexOf('\0') >= 0) {
                    throw new FatFormatException("/" + prefix + ": entry name with '/' or NUL: " + e.name());
                }
                String path = prefix + e.name();
                if (e.directory()) {
                    subdirectory(e, path, depth);
                } else {
                    file(e, path);
                }
            }
        }

        private void subdirectory(DirectoryDecoder.Entry e, String path, int depth) throws IOException {
            if (depth + 1 > MAX_DEPTH) {
                throw new FatFormatException("/" + path + ": directories nested deeper than " + MAX_DEPTH);
            }
            if (e.firstCluster() == 0) {
                throw new FatFormatException("/" + path + ": directory entry points at no cluster");
            }
            byte[] bytes = volume.readDirectory(e.firstCluster(), "/" + path);
            directory(DirectoryDecoder.decode(bytes, volume.geometry().type()).entries(), path + "/", depth + 1);
        }

        private void file(DirectoryDecoder.Entry e, String path) throws IOException {
            contentBytes += e.size();
            if (e.size() > MAX_FILE_BYTES || contentBytes > maxContentBytes) {
                throw new FatFormatException("/" + path + ": files add up to " + contentBytes
                        + " bytes, more than the limit of " + Math.min(maxContentBytes, MAX_FILE_BYTES));
            }
            if (files.put(path, volume.readChain(e.firstCluster(), e.size(), "/" + path)) != null) {
                throw new FatFormatException("/" + path + ": the directory lists this name twice");
            }
        }

        MetadataTree tree() throws FatFormatException {
            MetadataTree.Builder builder = MetadataTree.builder();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                try {
                    builder.put(f.getKey(), f.getValue());
                } catch (IllegalArgumentException ex) {
                    throw new FatFormatException("/" + f.getKey() + ": not a usable tree path: " + ex.getMessage(), ex);
                }
            }
            return builder.build();
        }
    }
}
