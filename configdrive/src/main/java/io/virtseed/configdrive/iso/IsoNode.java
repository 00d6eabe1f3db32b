package io.virtseed.configdrive.iso;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file or directory of the image being written, with its three names: the POSIX name
 * (Rock Ridge NM), the Joliet identifier and the primary ISO9660 identifier. The
 * placement fields are filled in once by {@link IsoLayout} and only read afterwards;
 * nodes never leave the writer.
 */
abstract sealed class IsoNode permits IsoNode.Dir, IsoNode.File {

    final String name;
    final Dir parent;
    final byte[] rockRidgeName;
    final byte[] jolietId;
    /** Primary identifier without version, split for ECMA-119 9.3 ordering. */
    String isoName = "";
    String isoExtension = "";
    byte[] isoId;
    /** Where the Rock Ridge entries that do not fit the record go; null when all fit. */
    Slot continuation;

    IsoNode(String name, Dir parent) {
        this.name = name;
        this.parent = parent;
        this.rockRidgeName = name.getBytes(StandardCharsets.UTF_8);
        this.jolietId = name.getBytes(StandardCharsets.UTF_16BE);
    }

    String path() {
        return parent == null || parent.parent == null ? name : parent.path() + "/" + name;
    }

    abstract long sector(boolean joliet);

    abstract long dataLength(boolean joliet);

    /** A continuation area: {@code length} bytes at {@code offset} of the n-th CE sector. */
    record Slot(int sectorIndex, int offset, int length) {
    }

    /** A directory; children are kept in POSIX name order. */
    static final class Dir extends IsoNode {
        final int level;
        final Map<String, IsoNode> children = new TreeMap<>();
        List<IsoNode> primaryOrder = List.of();
        List<IsoNode> jolietOrder = List.of();
        int primaryNumber;
        int jolietNumber;
        long primarySector;
        int primarySize;
        long jolietSector;
        int jolietSize;
        /** Root only: the continuation area holding the ER entry. */
        Slot extensionReference;

        Dir(String name, Dir parent) {
            super(name, parent);
            this.level = parent == null ? 1 : parent.level + 1;
        }

        List<Dir> subdirs() {
            List<Dir> out = new ArrayList<>();
            for (IsoNode n : children.values()) {
                if (n instanceof Dir d) {
                    out.add(d);
                }
            }
            return out;
        }

        int subdirCount() {
            int n = 0;
            for (IsoNode c : children.values()) {
                n += c instanceof Dir ? 1 : 0;
            }
            return n;
        }

        /** POSIX link count: itself, its "." and one ".." per subdirectory. */
        int linkCount() {
            return 2 + subdirCount();
        }

        @Override
        long sector(boolean joliet) {
            return joliet ? jolietSector : primarySector;
        }

        @Override
        long dataLength(boolean joliet) {
            return joliet ? jolietSize : primarySize;
        }
    }

    /** A regular file; its bytes are the tree's own array, never copied until output. */
    static final class File extends IsoNode {
        final byte[] data;
        long sector;

        File(String name, Dir parent, byte[] data) {
            super(name, parent);
            this.data = data;
        }

        @Override
        long sector(boolean joliet) {
            return sector;
        }

        @Override
        long dataLength(boolean joliet) {
            return data.length;
        }
    }
}
