package io.virtseed.configdrive.fat;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link MetadataTree} as a FAT image (FAT12, FAT16 or FAT32, chosen by size), in
 * process, the way {@code mkfs.vfat -n LABEL} plus {@code mcopy -s} would: VFAT long names,
 * unique 8.3 short names, label in the boot sector and the root directory.
 *
 * <p>Same tree, options: same bytes. Timestamps are fixed and the volume serial number is a
 * hash of the content. The image is sparse: only non-zero regions (boot sector, the used
 * head of each FAT, directories, file data) are written, so a 64 MiB image costs a few
 * blocks of disk and no 64 MiB buffer. The file appears at {@code out} complete (temp file
 * in the same directory, fsync, atomic rename), readable by its owner only.
 *
 * <pre>{@code
 * new FatImageWriter().write(tree, FatOptions.withLabel("config-2"), instanceDir.resolve("disk.config"));
 * }</pre>
 */
public final class FatImageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FatImageWriter.class);

    /**
     * Writes the image.
     *
     * @throws IllegalArgumentException if a name is illegal on FAT, two names differ only in
     *                                  case, or the tree does not fit the image size
     * @throws IOException              if the file cannot be written
     */
    public void write(MetadataTree tree, FatOptions opts, Path out) throws IOException {
        FatGeometry geometry = FatGeometry.forImageSize(opts.sizeBytes());
        ImageLayout layout = ImageLayout.plan(tree, geometry);
        Path target = out.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw");
                 FileChannel channel = file.getChannel()) {
                // Extending by length leaves a hole: every byte we do not write reads as zero.
                file.setLength(geometry.sizeBytes());
                writeImage(channel, geometry, layout, new VolumeHeader(geometry, layout.rootCluster(),
                        serialOf(tree, opts), opts.label()));
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.debug("wrote {} image {} ({} bytes, label {}, {} files, {} clusters used)", geometry.type(), target,
                geometry.sizeBytes(), opts.label(), tree.size(), layout.usedClusters());
    }

    private static void writeImage(FileChannel ch, FatGeometry g, ImageLayout layout, VolumeHeader header)
            throws IOException {
        byte[] boot = header.encode();
        writeAt(ch, 0, boot);
        if (g.type() == FatType.FAT32) {
            long used = layout.usedClusters();
            byte[] fsInfo = VolumeHeader.encodeFsInfo(g.clusterCount() - used, used + 2);
            long sector = g.bytesPerSector();
            writeAt(ch, VolumeHeader.FAT32_FSINFO_SECTOR * sector, fsInfo);
            writeAt(ch, VolumeHeader.FAT32_BACKUP_BOOT_SECTOR * sector, boot);
            writeAt(ch, (VolumeHeader.FAT32_BACKUP_BOOT_SECTOR + 1) * sector, fsInfo);
        }
        byte[] fat = FatTableEncoder.encode(g.type(), layout.runs(), g.bytesPerSector());
        for (int i = 0; i < g.fatCount(); i++) {
            writeAt(ch, g.fatOffset(i), fat);
        }
        for (FatDir dir : layout.directories()) {
            writeAt(ch, layout.directoryOffset(dir), layout.encode(dir, header.bootLabel()));
        }
        for (ImageLayout.PlacedFile f : layout.files()) {
            if (f.data().length > 0) {
                writeAt(ch, g.clusterOffset(f.firstCluster()), f.data());
            }
        }
    }

    private static void writeAt(FileChannel ch, long position, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf, position + buf.position());
        }
    }

    /** A serial number that changes with the content and stays put while the content does. */
    static int serialOf(MetadataTree tree, FatOptions opts) {
        MessageDigest sha = sha256();
        sha.update(("virtseed-fat\0" + opts.label() + "\0" + opts.sizeBytes() + "\0").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(9).put((byte) 0).putLong(e.getValue().length).array());
            sha.update(e.getValue());
        }
        return ByteBuffer.wrap(sha.digest()).getInt();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
