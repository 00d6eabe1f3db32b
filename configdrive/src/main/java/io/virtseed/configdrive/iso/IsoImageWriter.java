package io.virtseed.configdrive.iso;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Writes a {@link MetadataTree} as an ISO9660 image with Rock Ridge (the POSIX names
 * Linux shows) and Joliet (the names Windows shows), in process and deterministically:
 * the same tree and options always give the same bytes.
 *
 * <p>The layout is planned first, then the image is produced in one pass: the
 * descriptors, path tables and directories (a few sectors) are built in memory and the
 * file contents are copied straight from the tree. Stateless and thread-safe.
 *
 * <p>Every method throws {@link UnrepresentableTreeException} for an empty tree, a name
 * Joliet or Rock Ridge cannot hold, or a tree deeper than ISO9660's 8 levels.
 *
 * <pre>{@code
 * byte[] iso = new IsoImageWriter().write(tree, IsoOptions.configDrive());
 * }</pre>
 */
public final class IsoImageWriter {

    private static final byte[] ZEROS = new byte[IsoLayout.SECTOR];
    /** Java arrays stop a little short of Integer.MAX_VALUE. */
    private static final long MAX_ARRAY_IMAGE = Integer.MAX_VALUE - 2 * IsoLayout.SECTOR;

    /** The size in bytes of the image {@link #write(MetadataTree, IsoOptions)} would return. */
    public long imageSize(MetadataTree tree) {
        return plan(tree).totalSectors * IsoLayout.SECTOR;
    }

    /** The whole image as one array (for images below 2 GiB). */
    public byte[] write(MetadataTree tree, IsoOptions options) {
        Objects.requireNonNull(options, "options");
        IsoLayout layout = plan(tree);
        long size = layout.totalSectors * IsoLayout.SECTOR;
        if (size > MAX_ARRAY_IMAGE) {
            throw new UnrepresentableTreeException("the image would be " + size
                    + " bytes, too large for one array; write it to a stream instead");
        }
        byte[] image = new byte[(int) size];
        writeHead(image, layout, options);
        for (IsoNode.File f : layout.files) {
            System.arraycopy(f.data, 0, image, DescriptorWriter.offset(f.sector), f.data.length);
        }
        return image;
    }

    /** Streams the image to {@code out} (not closed) and returns the number of bytes written. */
    public long write(MetadataTree tree, IsoOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        return write(tree, options, Channels.newChannel(out)); // the channel is not closed, so neither is out
    }

    /** Streams the image to {@code out} (not closed) and returns the number of bytes written. */
    public long write(MetadataTree tree, IsoOptions options, WritableByteChannel out) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        IsoLayout layout = plan(tree);
        byte[] head = new byte[DescriptorWriter.offset(layout.fileStart)];
        writeHead(head, layout, options);
        writeFully(out, ByteBuffer.wrap(head));
        for (IsoNode.File f : layout.files) {
            writeFully(out, ByteBuffer.wrap(f.data));
            writeFully(out, ByteBuffer.wrap(ZEROS, 0, padding(f.data.length)));
        }
        return layout.totalSectors * IsoLayout.SECTOR;
    }

    private static IsoLayout plan(MetadataTree tree) {
        Objects.requireNonNull(tree, "tree");
        return new IsoLayout(new IsoTreeBuilder().build(tree));
    }

    private static void writeHead(byte[] target, IsoLayout layout, IsoOptions options) {
        byte[] recordDate = IsoBuffer.recordDate(options.recorded());
        new DescriptorWriter(layout, options, recordDate).write(target);
        new DirectoryWriter(layout, recordDate).write(target);
    }

    private static int padding(int length) {
        int tail = length % IsoLayout.SECTOR;
        return tail == 0 ? 0 : IsoLayout.SECTOR - tail;
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }
}
