package io.virtseed.core.metadata;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sorted tree of files: relative path ({@code openstack/latest/meta_data.json}) to bytes.
 * Directories are implied by the paths. The config drive writers and the metadata HTTP
 * server both consume this one tree, so the two channels cannot drift apart.
 *
 * <pre>{@code
 * MetadataTree tree = MetadataTree.builder().put("openstack/latest/meta_data.json", json).build();
 * }</pre>
 */
public final class MetadataTree {

    private final NavigableMap<String, byte[]> files;

    private MetadataTree(NavigableMap<String, byte[]> files) {
        this.files = files;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Files in path order; the byte arrays must not be modified. */
    public NavigableMap<String, byte[]> files() {
        return Collections.unmodifiableNavigableMap(files);
    }

    public Optional<byte[]> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /** Sum of all file sizes in bytes. */
    public long contentBytes() {
        long total = 0;
        for (byte[] b : files.values()) {
            total += b.length;
        }
        return total;
    }

    public int size() {
        return files.size();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MetadataTree other) || other.files.size() != files.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] theirs = other.files.get(e.getKey());
            if (theirs == null || !java.util.Arrays.equals(theirs, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            h += e.getKey().hashCode() ^ java.util.Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "MetadataTree" + files.keySet();
    }

    /** Collects files; paths are checked so no writer ever sees an unsafe one. */
    public static final class Builder {
        private final TreeMap<String, byte[]> files = new TreeMap<>();

        public Builder put(String path, byte[] content) {
            checkPath(path);
            String below = files.ceilingKey(path + "/");
            if ((below != null && below.startsWith(path + "/")) || parentsOf(path).anyMatch(files::containsKey)) {
                throw new IllegalArgumentException("path is both a file and a directory: " + path);
            }
            files.put(path, content.clone());
            return this;
        }

        public Builder put(String path, String utf8) {
            return put(path, utf8.getBytes(StandardCharsets.UTF_8));
        }

        public MetadataTree build() {
            return new MetadataTree(new TreeMap<>(files));
        }

        private static java.util.stream.Stream<String> parentsOf(String path) {
            java.util.List<String> parents = new java.util.ArrayList<>();
            int i = path.indexOf('/');
            while (i > 0) {
                parents.add(path.substring(0, i));
                i = path.indexOf('/', i + 1);
            }
            return parents.stream();
        }

        static void checkPath(String path) {
            if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("tree path must be relative and name a file: " + path);
            }
            for (String part : path.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw new IllegalArgumentException("tree path has an empty, '.' or '..' part: " + path);
                }
                for (int k = 0; k < part.length(); k++) {
                    char c = part.charAt(k);
                    if (c < 0x20 || c == 0x7f || c == '\\') {
                        throw new IllegalArgumentException("tree path has a control character or backslash: " + path);
                    }
                }
            }
        }
    }
}
