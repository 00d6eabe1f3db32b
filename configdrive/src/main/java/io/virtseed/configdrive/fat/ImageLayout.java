package io.virtseed.configdrive.fat;

import io.virtseed.core.metadata.MetadataTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every directory and file of a tree goes in an image: directories and files get
 * contiguous cluster runs handed out in one fixed order (each directory, then its files,
 * then its subdirectories), so the layout depends on nothing but the tree.
 *
 * <pre>{@code
 * ImageLayout layout = ImageLayout.plan(tree, FatGeometry.forImageSize(64L << 20));
 * layout.directories().forEach(d -> write(layout.directoryOffset(d), layout.encode(d, "config-2")));
 * }</pre>
 */
final class ImageLayout {

    /** A file's bytes and its first cluster (0 for an empty file). */
    record PlacedFile(String path, byte[] data, long firstCluster) {
    }

    private final FatGeometry geometry;
    private final FatDir root;
    private final List<FatDir> directories = new ArrayList<>();
    private final List<PlacedFile> files = new ArrayList<>();
    private final Map<String, Long> fileClusters = new HashMap<>();
    private final Map<FatDir, FatDir> parents = new HashMap<>();
    private final List<FatTableEncoder.ClusterRun> runs = new ArrayList<>();
    private long nextCluster = 2;

    private ImageLayout(FatGeometry geometry, FatDir root) {
        this.geometry = geometry;
        this.root = root;
    }

    /** Lays out {@code tree}; throws if a name is illegal or the tree does not fit. */
    static ImageLayout plan(MetadataTree tree, FatGeometry geometry) {
        ImageLayout layout = new ImageLayout(geometry, FatDir.of(tree));
        layout.placeDirectory(layout.root, null);
        layout.checkFits(tree);
        return layout;
    }

    private void placeDirectory(FatDir dir, FatDir parent) {
        dir.assignShortNames();
        int entries = dir.entryCount();
        directories.add(dir);
        parents.put(dir, parent);
        if (dir.isRoot() && geometry.type() != FatType.FAT32) {
            if (entries > geometry.rootEntryCount()) {
                throw new IllegalArgumentException("root directory needs " + entries + " entries but a "
                        + geometry.type() + " root directory holds " + geometry.rootEntryCount());
            }
        } else {
            long bytes = (long) entries * DirectoryEncoder.ENTRY_BYTES;
            dir.place(nextCluster, allocate((bytes + geometry.clusterBytes() - 1) / geometry.clusterBytes()));
        }
        for (String name : dir.childNames()) {
            byte[] data = dir.fileNamed(name);
            if (data != null) {
                long clusters = (data.length + (long) geometry.clusterBytes() - 1) / geometry.clusterBytes();
                long first = clusters == 0 ? 0 : nextCluster;
                allocate(clusters);
                String path = dir.isRoot() ? name : dir.path() + "/" + name;
                files.add(new PlacedFile(path, data, first));
                fileClusters.put(path, first);
            }
        }
        for (FatDir sub : dir.subdirs()) {
            placeDirectory(sub, dir);
        }
    }

    private long allocate(long clusters) {
        if (clusters > 0) {
            runs.add(new FatTableEncoder.ClusterRun(nextCluster, clusters));
            nextCluster += clusters;
        }
        return clusters;
    }

    private void checkFits(MetadataTree tree) {
        long needed = nextCluster - 2;
        if (needed > geometry.clusterCount()) {
            throw new IllegalArgumentException("the tree (" + tree.size() + " files, " + tree.contentBytes()
                    + " bytes of content) needs " + needed + " clusters of " + geometry.clusterBytes()
                    + " bytes = " + needed * geometry.clusterBytes() + " bytes, but a " + geometry.sizeBytes()
                    + "-byte " + geometry.type() + " image has room for only " + geometry.clusterCount()
                    + " clusters = " + geometry.clusterCount() * geometry.clusterBytes() + " bytes");
        }
    }

    /** All directories, root first, parents before children. */
    List<FatDir> directories() {
        return directories;
    }

    List<PlacedFile> files() {
        return files;
    }

    List<FatTableEncoder.ClusterRun> runs() {
        return runs;
    }

    long usedClusters() {
        return nextCluster - 2;
    }

    /** First cluster of the root directory: 0 on FAT12/16, where it has a fixed region. */
    long rootCluster() {
        return root.firstCluster();
    }

    long directoryOffset(FatDir dir) {
        return dir.isRoot() && geometry.type() != FatType.FAT32
                ? geometry.rootDirOffset() : geometry.clusterOffset(dir.firstCluster());
    }

    /** The bytes of directory {@code dir}: its whole region (fixed root) or its cluster run. */
    byte[] encode(FatDir dir, String label) {
        boolean fixedRoot = dir.isRoot() && geometry.type() != FatType.FAT32;
        long size = fixedRoot ? (long) geometry.rootEntryCount() * DirectoryEncoder.ENTRY_BYTES
                : dir.clusters() * geometry.clusterBytes();
        DirectoryEncoder enc = new DirectoryEncoder((int) size);
        if (dir.isRoot()) {
            enc.volumeLabel(label);
        } else {
            FatDir parent = parents.get(dir);
            // ".." of a directory in the root says 0, also on FAT32 where the root has a cluster.
            enc.dotEntries(dir.firstCluster(), parent.isRoot() ? 0 : parent.firstCluster());
        }
        for (String name : dir.childNames()) {
            FatDir sub = dir.subdirNamed(name);
            if (sub != null) {
                enc.add(name, dir.shortName(name), DirectoryEncoder.ATTR_DIRECTORY, sub.firstCluster(), 0);
            } else {
                String path = dir.isRoot() ? name : dir.path() + "/" + name;
                enc.add(name, dir.shortName(name), DirectoryEncoder.ATTR_ARCHIVE,
                        fileClusters.get(path), dir.fileNamed(name).length);
            }
        }
        return enc.bytes();
    }
}
