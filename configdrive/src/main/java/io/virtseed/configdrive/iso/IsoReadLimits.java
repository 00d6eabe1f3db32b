package io.virtseed.configdrive.iso;

/**
 * Bounds on what {@link IsoImageReader} accepts from an untrusted image, per tree.
 *
 * <pre>{@code
 * new IsoImageReader(new IsoReadLimits(1_000, 32, 64L << 20));
 * }</pre>
 *
 * @param maxEntries    files and directories in one tree
 * @param maxDepth      directory levels, the root being level 1
 * @param maxTotalBytes sum of the file sizes in one tree (files may share extents, so
 *                      this can exceed the image size)
 */
public record IsoReadLimits(int maxEntries, int maxDepth, long maxTotalBytes) {

    /** Generous for any config drive or seed image: 10 000 entries, 64 levels, 256 MiB. */
    public static final IsoReadLimits DEFAULT = new IsoReadLimits(10_000, 64, 256L << 20);

    public IsoReadLimits {
        if (maxEntries < 1 || maxDepth < 1 || maxTotalBytes < 0) {
            throw new IllegalArgumentException("ISO read limits must be positive: " + maxEntries + ", "
                    + maxDepth + ", " + maxTotalBytes);
        }
    }
}
