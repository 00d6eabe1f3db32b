package io.virtseed.configdrive.iso;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an ISO9660 image (ours, genisoimage's, xorriso's ...) into its labels and its
 * file trees as plain ISO9660, Rock Ridge and Joliet readers would see them. Written
 * for untrusted input: every offset is bounds-checked, directory cycles and deep or
 * huge trees are refused with a {@link MalformedIsoException}. Thread-safe.
 *
 * <pre>{@code
 * IsoImageContents c = new IsoImageReader().read(Path.of("disk.config"));
 * assert c.primaryVolumeId().equals("config-2") && c.rockRidge() && c.joliet();
 * }</pre>
 */
public final class IsoImageReader {

    private static final int MAX_DESCRIPTORS = 64;
    private static final long MAX_IMAGE = Integer.MAX_VALUE - 16;
    private static final byte[] STANDARD_ID = {'C', 'D', '0', '0', '1'};
    private static final int TYPE_PRIMARY = 1;
    private static final int TYPE_SUPPLEMENTARY = 2;
    private static final int TYPE_TERMINATOR = 255;

    private final IsoReadLimits limits;

    public IsoImageReader() {
        this(IsoReadLimits.DEFAULT);
    }

    public IsoImageReader(IsoReadLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public IsoImageContents read(Path image) throws IOException {
        long size = Files.size(image);
        if (size > MAX_IMAGE) {
            throw new MalformedIsoException(image + " is " + size + " bytes; images above 2 GiB are not read");
        }
        return read(Files.readAllBytes(image));
    }

    public IsoImageContents read(byte[] image) throws MalformedIsoException {
        ImageBytes img = new ImageBytes(Objects.requireNonNull(image, "image"));
        long primary = -1;
        long joliet = -1;
        int level = 0;
        for (int i = 0; ; i++) {
            long pos = (IsoLayout.PRIMARY_DESCRIPTOR + i) * IsoLayout.SECTOR;
            checkDescriptor(img, i, pos);
            int type = img.u8(pos);
            if (type == TYPE_TERMINATOR) {
                break;
            }
            if (type == TYPE_PRIMARY && primary < 0) {
                primary = pos;
            } else if (type == TYPE_SUPPLEMENTARY && joliet < 0 && jolietLevel(img, pos) > 0) {
                joliet = pos;
                level = jolietLevel(img, pos);
            }
        }
        if (primary < 0) {
            throw new MalformedIsoException("the volume descriptor set has no primary volume descriptor");
        }
        DirectoryRecord root = rootRecord(img, primary);
        RockRidgeView rr = rockRidge(img, root);
        Optional<String> jolietId = Optional.empty();
        Optional<MetadataTree> jolietTree = Optional.empty();
        if (joliet >= 0) {
            jolietId = Optional.of(img.ucs2(joliet + 40, 32));
            jolietTree = Optional.of(tree(img, TreeReader.View.JOLIET, null, rootRecord(img, joliet)));
        }
        return new IsoImageContents(img.ascii(primary + 40, 32), img.ascii(primary + 318, 128), jolietId, level,
                rr != null, tree(img, TreeReader.View.PRIMARY, null, root),
                rr == null ? Optional.empty() : Optional.of(tree(img, TreeReader.View.ROCK_RIDGE, rr.reader(), root)),
                jolietTree);
    }

    private MetadataTree tree(ImageBytes img, TreeReader.View view,
            SystemUseReader su, DirectoryRecord root) throws MalformedIsoException {
        return new TreeReader(img, limits, view, su).read(root);
    }

    private static void checkDescriptor(ImageBytes img, int index, long pos) throws MalformedIsoException {
        if (index >= MAX_DESCRIPTORS) {
            throw new MalformedIsoException("no volume descriptor set terminator among the first "
                    + MAX_DESCRIPTORS + " descriptors");
        }
        if (pos + IsoLayout.SECTOR > img.length()) {
            throw new MalformedIsoException(index == 0
                    ? "not an ISO9660 image: " + img.length() + " bytes, too short to hold a volume descriptor"
                    : "the volume descriptor set runs past the end of the image without a terminator");
        }
        if (!img.matches(pos + 1, STANDARD_ID)) {
            throw new MalformedIsoException(index == 0
                    ? "not an ISO9660 image: no 'CD001' at byte " + (pos + 1)
                    : "volume descriptor at sector " + (pos / IsoLayout.SECTOR) + " lacks 'CD001'");
        }
    }

    /** Joliet escape sequences (ECMA-35 style) in the 32-byte field at offset 88: %/@, %/C, %/E. */
    private static int jolietLevel(ImageBytes img, long descriptor) throws MalformedIsoException {
        for (int i = 0; i + 2 < 32; i++) {
            long p = descriptor + 88 + i;
            if (img.u8(p) == '%' && img.u8(p + 1) == '/') {
                int level = switch (img.u8(p + 2)) {
                    case '@' -> 1;
                    case 'C' -> 2;
                    case 'E' -> 3;
                    default -> 0;
                };
                if (level > 0) {
                    return level;
                }
            }
        }
        return 0;
    }

    private static DirectoryRecord rootRecord(ImageBytes img, long descriptor) throws MalformedIsoException {
        int blockSize = img.le16(descriptor + 128);
        if (blockSize != IsoLayout.SECTOR) {
            throw new MalformedIsoException("logical block size " + blockSize + " is not supported, only 2048");
        }
        DirectoryRecord root = DirectoryRecord.read(img, descriptor + 156, descriptor + 190);
        if (!root.isDirectory()) {
            throw new MalformedIsoException("the root directory record is not flagged as a directory");
        }
        return root;
    }

    private record RockRidgeView(SystemUseReader reader) {
    }

    /** SUSP 5.3: SP at the start of the root's "." record; then RRIP's ER or its entries. */
    private static RockRidgeView rockRidge(ImageBytes img, DirectoryRecord root) throws MalformedIsoException {
        long start = root.dataStart();
        img.require(start, root.dataLength(), "root directory");
        if (root.dataLength() < DirectoryRecord.MIN_LENGTH) {
            return null;
        }
        DirectoryRecord self = DirectoryRecord.read(img, start, start + root.dataLength());
        int skip = SystemUseReader.sharingProtocolSkip(img, self);
        if (!self.isSelfOrParent() || skip < 0) {
            return null;
        }
        SystemUseReader.Entries rootEntries = new SystemUseReader(img, 0).read(self);
        if (!rootEntries.rockRidgeExtension() && rootEntries.mode() < 0) {
            return null; // SUSP without Rock Ridge
        }
        return new RockRidgeView(new SystemUseReader(img, skip));
    }
}
