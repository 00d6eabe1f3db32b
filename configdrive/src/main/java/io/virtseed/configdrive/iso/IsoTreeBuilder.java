package io.virtseed.configdrive.iso;

import io.virtseed.core.metadata.MetadataTree;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link MetadataTree} into {@link IsoNode}s, checking every name against the
 * three naming schemes, and gives each node a unique primary (ISO9660 level 1) name.
 * Linux reads the Rock Ridge names and Windows the Joliet ones, so the 8.3 names only
 * have to be valid and unique, not pretty.
 */
final class IsoTreeBuilder {

    /** ECMA-119 6.8.2.1: at most 8 directory levels, the root being the first. */
    static final int MAX_DIR_LEVELS = 8;
    static final int MAX_JOLIET_UNITS = 64;
    static final int MAX_ROCK_RIDGE_BYTES = 255;
    /** Path table records number their parent in 16 bits. */
    static final int MAX_DIRECTORIES = 0xFFFF;
    private static final String JOLIET_FORBIDDEN = "*/:;?\\";

    /** Directories created so far, the root included; a builder serves one build. */
    private int directories = 1;

    IsoNode.Dir build(MetadataTree tree) {
        if (tree.size() == 0) {
            throw new UnrepresentableTreeException("the tree has no files; an ISO image needs at least one");
        }
        IsoNode.Dir root = new IsoNode.Dir("", null);
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            add(root, e.getKey(), e.getValue());
        }
        assignPrimaryNames(root);
        return root;
    }

    private void add(IsoNode.Dir root, String path, byte[] data) {
        String[] parts = path.split("/");
        if (parts.length > MAX_DIR_LEVELS) {
            throw new UnrepresentableTreeException("'" + path + "' lies " + (parts.length - 1)
                    + " directories deep; ISO9660 allows at most " + (MAX_DIR_LEVELS - 1) + " below the root");
        }
        IsoNode.Dir dir = root;
        for (int i = 0; i < parts.length - 1; i++) {
            IsoNode child = dir.children.get(parts[i]);
            if (child == null) {
                checkName(parts[i], path);
                if (++directories > MAX_DIRECTORIES) {
                    throw new UnrepresentableTreeException(
                            "the tree has more than " + MAX_DIRECTORIES + " directories, the ISO9660 limit");
                }
                child = new IsoNode.Dir(parts[i], dir);
                dir.children.put(parts[i], child);
            }
            dir = (IsoNode.Dir) child; // MetadataTree never has a path that is both file and directory
        }
        String leaf = parts[parts.length - 1];
        checkName(leaf, path);
        dir.children.put(leaf, new IsoNode.File(leaf, dir, data));
    }

    private static void checkName(String name, String path) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new UnrepresentableTreeException("'" + path + "' has an unpaired UTF-16 surrogate");
            } else if (JOLIET_FORBIDDEN.indexOf(c) >= 0) {
                throw new UnrepresentableTreeException("'" + path + "': Joliet names cannot contain '" + c
                        + "' (forbidden: " + JOLIET_FORBIDDEN + ")");
            }
        }
        if (name.length() > MAX_JOLIET_UNITS) {
            throw new UnrepresentableTreeException("'" + path + "': name '" + name + "' has " + name.length()
                    + " UTF-16 units; Joliet allows at most " + MAX_JOLIET_UNITS);
        }
        int utf8 = name.getBytes(StandardCharsets.UTF_8).length;
        if (utf8 > MAX_ROCK_RIDGE_BYTES) {
            throw new UnrepresentableTreeException("'" + path + "': name is " + utf8
                    + " bytes in UTF-8; POSIX names allow at most " + MAX_ROCK_RIDGE_BYTES);
        }
    }

    private static void assignPrimaryNames(IsoNode.Dir dir) {
        Set<String> used = new HashSet<>();
        for (IsoNode child : dir.children.values()) {
            boolean isDir = child instanceof IsoNode.Dir;
            String base;
            String ext = "";
            int dot = child.name.lastIndexOf('.');
            if (!isDir && dot > 0) {
                base = dChars(child.name.substring(0, dot), 8);
                ext = dChars(child.name.substring(dot + 1), 3);
            } else {
                base = dChars(child.name, 8);
            }
            if (base.isEmpty()) {
                base = "_";
            }
            base = unique(base, ext, used);
            child.isoName = base;
            child.isoExtension = ext;
            String id = isDir ? base : base + "." + ext + ";1";
            child.isoId = id.getBytes(StandardCharsets.US_ASCII);
            if (child instanceof IsoNode.Dir sub) {
                assignPrimaryNames(sub);
            }
        }
    }

    /** A file and a directory share one namespace so plain ISO readers never see twins. */
    private static String unique(String base, String ext, Set<String> used) {
        if (used.add(base + "." + ext)) {
            return base;
        }
        for (int n = 1; ; n++) {
            String suffix = Integer.toString(n);
            String candidate = base.substring(0, Math.min(base.length(), 8 - suffix.length())) + suffix;
            if (used.add(candidate + "." + ext)) {
                return candidate;
            }
        }
    }

    /** Upper-cases to ISO9660 d-characters (A-Z 0-9 _), replacing anything else by '_'. */
    private static String dChars(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                b.append((char) (c - 'a' + 'A'));
            } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                b.append(c);
            } else {
                b.append('_');
            }
        }
        return b.toString();
    }
}
