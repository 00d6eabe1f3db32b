package io.virtseed.configdrive.fat;

import io.virtseed.core.metadata.MetadataTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One directory of the tree being written: its files and subdirectories, checked against
 * the FAT naming rules, and (once laid out) its short names and clusters. Mutable while
 * the writer plans the image, then only read.
 *
 * <pre>{@code
 * FatDir root = FatDir.of(tree);
 * for (String name : root.childNames()) { ... }
 * }</pre>
 */
final class FatDir {

    /** FAT directories hold at most 65536 entries (the offset must fit 16 bits). */
    static final int MAX_ENTRIES = 65_536;

    private final String path;
    private final TreeMap<String, FatDir> subdirs = new TreeMap<>();
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    /** Case-folded name to the name it came from: FAT treats names that differ in case as one. */
    private final Map<String, String> folded = new HashMap<>();
    private Map<String, ShortNames.ShortName> shortNames = Map.of();
    private long firstCluster;
    private long clusters;

    private FatDir(String path) {
        this.path = path;
    }

    /** Builds the directory hierarchy of {@code tree}; throws on names FAT cannot hold. */
    static FatDir of(MetadataTree tree) {
        FatDir root = new FatDir("");
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            String[] parts = e.getKey().split("/");
            FatDir dir = root;
            for (int i = 0; i < parts.length - 1; i++) {
                dir = dir.subdir(parts[i], e.getKey());
            }
            dir.addFile(parts[parts.length - 1], e.getValue(), e.getKey());
        }
        return root;
    }

    private FatDir subdir(String name, String fullPath) {
        FatDir existing = subdirs.get(name);
        if (existing != null) {
            return existing;
        }
        claim(name, fullPath);
        FatDir dir = new FatDir(path.isEmpty() ? name : path + "/" + name);
        subdirs.put(name, dir);
        return dir;
    }

    private void addFile(String name, byte[] content, String fullPath) {
        claim(name, fullPath);
        files.put(name, content);
    }

    private void claim(String name, String fullPath) {
        FatNames.checkLongName(name, fullPath);
        String previous = folded.putIfAbsent(FatNames.foldCase(name), name);
        if (previous != null) {
            throw new IllegalArgumentException("names '" + previous + "' and '" + name + "' in directory '/"
                    + path + "' differ only in case, which FAT does not distinguish: " + fullPath);
        }
    }

    /** Names of files and subdirectories, sorted: the order of the directory entries. */
    List<String> childNames() {
        TreeMap<String, Boolean> all = new TreeMap<>();
        subdirs.keySet().forEach(n -> all.put(n, true));
        files.keySet().forEach(n -> all.put(n, false));
        return new ArrayList<>(all.keySet());
    }

    boolean isRoot() {
        return path.isEmpty();
    }

    String path() {
        return path;
    }

    /** The subdirectory called {@code name}, or null if {@code name} is a file. */
    FatDir subdirNamed(String name) {
        return subdirs.get(name);
    }

    byte[] fileNamed(String name) {
        return files.get(name);
    }

    /** Subdirectories in name order. */
    List<FatDir> subdirs() {
        return new ArrayList<>(subdirs.values());
    }

    /** Assigns the short names; call once before {@link #entryCount()}. */
    void assignShortNames() {
        shortNames = ShortNames.assign(childNames());
    }

    ShortNames.ShortName shortName(String name) {
        return shortNames.get(name);
    }

    /** Directory entries this directory needs: dot entries or label, and each child's entries. */
    int entryCount() {
        int count = isRoot() ? 1 : 2;
        for (String name : childNames()) {
            count += DirectoryEncoder.entriesFor(name, shortNames.get(name));
        }
        if (count > MAX_ENTRIES) {
            throw new IllegalArgumentException("directory '/" + path + "' needs " + count
                    + " entries; a FAT directory holds at most " + MAX_ENTRIES);
        }
        return count;
    }

    void place(long first, long count) {
        this.firstCluster = first;
        this.clusters = count;
    }

    long firstCluster() {
        return firstCluster;
    }

    long clusters() {
        return clusters;
    }
}
