package io.virtseed.configdrive.iso;

import io.virtseed.core.metadata.MetadataTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Walks one directory hierarchy of an image (primary names, Joliet names or Rock Ridge
 * names) into a {@link MetadataTree}. Every directory extent is read at most once, so a
 * cyclic structure is an error instead of an endless loop; depth, entry count and total
 * size are bounded by {@link IsoReadLimits}. One instance reads one tree.
 */
final class TreeReader {

    enum View { PRIMARY, JOLIET, ROCK_RIDGE }

    private static final long S_IFMT = 0170000;
    private static final long S_IFDIR = 0040000;
    private static final long S_IFREG = 0100000;

    private final ImageBytes img;
    private final IsoReadLimits limits;
    private final View view;
    private final SystemUseReader systemUse;

    private final Map<String, byte[]> files = new TreeMap<>();
    private final Set<String> paths = new HashSet<>();
    private final Set<Long> visited = new HashSet<>();
    private long totalBytes;
    private long directoryBytes;

    /** @param systemUse the SUSP reader; only used (and required) for {@link View#ROCK_RIDGE} */
    TreeReader(ImageBytes img, IsoReadLimits limits, View view, SystemUseReader systemUse) {
        this.img = img;
        this.limits = limits;
        this.view = view;
        this.systemUse = systemUse;
    }

    private record Pending(long start, long length, String prefix, int depth) {
    }

    private record Child(String name, boolean directory, long start, long length) {
    }

    MetadataTree read(DirectoryRecord root) throws MalformedIsoException {
        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(new Pending(root.dataStart(), root.dataLength(), "", 1));
        while (!queue.isEmpty()) {
            Pending dir = queue.poll();
            if (!visited.add(dir.start())) {
                throw new MalformedIsoException(view + " directory '" + dir.prefix()
                        + "' points back at an already read directory (byte " + dir.start() + "): a cycle");
            }
            directoryBytes += dir.length();
            if (directoryBytes > img.length()) {
                // directory extents of a sound image never overlap, so they fit in the image
                throw new MalformedIsoException(view + " directories add up to more than the image: "
                        + "their extents overlap");
            }
            readDirectory(dir, queue);
        }
        MetadataTree.Builder b = MetadataTree.builder();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            b.put(e.getKey(), e.getValue());
        }
        return b.build();
    }

    private void readDirectory(Pending dir, Deque<Pending> queue) throws MalformedIsoException {
        img.require(dir.start(), dir.length(), "directory '" + dir.prefix() + "'");
        long p = dir.start();
        long end = dir.start() + dir.length();
        while (p < end) {
            if (img.u8(p) == 0) {
                p = (p / IsoLayout.SECTOR + 1) * IsoLayout.SECTOR; // the rest of the sector is padding
                continue;
            }
            DirectoryRecord r = DirectoryRecord.read(img, p, end);
            p += r.length();
            if (r.isSelfOrParent() || r.isAssociated()) {
                continue;
            }
            Child c = resolve(r);
            if (c == null) {
                continue;
            }
            String path = dir.prefix() + checkName(c.name(), dir.prefix());
            if (!paths.add(path) || paths.size() > limits.maxEntries()) {
                throw new MalformedIsoException(paths.size() > limits.maxEntries()
                        ? "image has more than " + limits.maxEntries() + " entries"
                        : view + " tree has '" + path + "' twice");
            }
            if (c.directory()) {
                if (dir.depth() + 1 > limits.maxDepth()) {
                    throw new MalformedIsoException("directory '" + path + "' is deeper than " + limits.maxDepth());
                }
                queue.add(new Pending(c.start(), c.length(), path + "/", dir.depth() + 1));
            } else {
                files.put(path, content(c, path));
            }
        }
    }

    /** The child as this view sees it, or null when the view hides it. */
    private Child resolve(DirectoryRecord r) throws MalformedIsoException {
        if (r.isMultiExtent()) {
            throw new MalformedIsoException("multi-extent file at byte " + r.position() + " is not supported");
        }
        if (view != View.ROCK_RIDGE) {
            String name = view == View.JOLIET ? jolietName(r) : primaryName(r.identifier());
            return new Child(name, r.isDirectory(), r.dataStart(), r.dataLength());
        }
        SystemUseReader.Entries rr = systemUse.read(r);
        long type = rr.mode() < 0 ? -1 : rr.mode() & S_IFMT;
        if (rr.relocated() || rr.symlink() || (type >= 0 && type != S_IFDIR && type != S_IFREG)) {
            return null; // shown elsewhere (RE), or not a plain file or directory
        }
        String name = rr.name() != null ? rr.name() : primaryName(r.identifier());
        if (rr.childLink() >= 0) {
            long pos = rr.childLink() * IsoLayout.SECTOR;
            DirectoryRecord self = DirectoryRecord.read(img, pos, pos + IsoLayout.SECTOR);
            return new Child(name, true, self.dataStart(), self.dataLength());
        }
        return new Child(name, r.isDirectory(), r.dataStart(), r.dataLength());
    }

    private byte[] content(Child c, String path) throws MalformedIsoException {
        if (c.length() == 0) {
            return new byte[0]; // the location of an empty file is meaningless
        }
        totalBytes += c.length();
        if (c.length() > Integer.MAX_VALUE - 16 || totalBytes > limits.maxTotalBytes()) {
            throw new MalformedIsoException("file '" + path + "' brings the content to " + totalBytes
                    + " bytes, above the limit of " + limits.maxTotalBytes());
        }
        return img.copy(c.start(), (int) c.length(), "content of '" + path + "'");
    }

    private static String jolietName(DirectoryRecord r) throws MalformedIsoException {
        byte[] id = r.identifier();
        if ((id.length & 1) != 0) {
            throw new MalformedIsoException("Joliet identifier at byte " + r.position() + " has an odd length");
        }
        return withoutVersion(new String(id, StandardCharsets.UTF_16BE));
    }

    /** ISO9660 names: "NAME.EXT;1" reads as "NAME.EXT", "NAME.;1" as "NAME". */
    private static String primaryName(byte[] id) {
        String name = withoutVersion(new String(id, StandardCharsets.ISO_8859_1));
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String withoutVersion(String name) {
        int semi = name.lastIndexOf(';');
        if (semi < 0) {
            return name;
        }
        for (int i = semi + 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return name;
            }
        }
        return name.substring(0, semi);
    }

    private String checkName(String name, String prefix) throws MalformedIsoException {
        boolean bad = name.isEmpty() || name.equals(".") || name.equals("..");
        for (int i = 0; i < name.length() && !bad; i++) {
            char ch = name.charAt(i);
            bad = ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f;
        }
        if (bad) {
            throw new MalformedIsoException(view + " name '" + name + "' in '/" + prefix
                    + "' cannot be a file name (empty, '.', '..', or has '/', '\\' or a control character)");
        }
        return name;
    }
}
