package io.virtseed.configdrive.iso;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Where everything goes, computed before a single byte is written, so the image can be
 * streamed in one pass:
 *
 * <pre>
 * 0-15 system area | 16 primary VD | 17 Joliet VD | 18 terminator
 * path tables (primary L, M, Joliet L, M) | primary directories | Joliet directories
 * Rock Ridge continuation areas | file data (in path table order of their directories)
 * </pre>
 */
final class IsoLayout {

    static final int SECTOR = 2048;
    static final long PRIMARY_DESCRIPTOR = 16;
    static final long JOLIET_DESCRIPTOR = 17;
    static final long TERMINATOR = 18;
    /** Both-endian 32-bit sector numbers. */
    static final long MAX_SECTORS = 0xFFFF_FFFFL;

    /** ECMA-119 9.3: by name, then by extension (d-characters all sort above the space pad). */
    private static final Comparator<IsoNode> PRIMARY_ORDER =
            Comparator.<IsoNode, String>comparing(n -> n.isoName).thenComparing(n -> n.isoExtension);
    /** Joliet: the same rule over UCS-2 code units, which is String order. */
    private static final Comparator<IsoNode> JOLIET_ORDER = Comparator.comparing(n -> n.name);

    final IsoNode.Dir root;
    final List<IsoNode.Dir> primaryDirs;
    final List<IsoNode.Dir> jolietDirs;
    final List<IsoNode.File> files = new ArrayList<>();
    final List<IsoNode> continued = new ArrayList<>();
    final int primaryPathTableSize;
    final int jolietPathTableSize;
    final long primaryLPath;
    final long primaryMPath;
    final long jolietLPath;
    final long jolietMPath;
    final long continuationStart;
    final long fileStart;
    final long totalSectors;

    IsoLayout(IsoNode.Dir root) {
        this.root = root;
        order(root);
        primaryDirs = breadthFirst(root, false);
        jolietDirs = breadthFirst(root, true);
        primaryPathTableSize = pathTableSize(primaryDirs, false);
        jolietPathTableSize = pathTableSize(jolietDirs, true);
        int continuationSectors = planContinuations();
        long next = TERMINATOR + 1;
        primaryLPath = next;
        next += sectors(primaryPathTableSize);
        primaryMPath = next;
        next += sectors(primaryPathTableSize);
        jolietLPath = next;
        next += sectors(jolietPathTableSize);
        jolietMPath = next;
        next += sectors(jolietPathTableSize);
        for (IsoNode.Dir d : primaryDirs) {
            d.primarySize = directorySize(d, false);
            d.primarySector = next;
            next += sectors(d.primarySize);
        }
        for (IsoNode.Dir d : jolietDirs) {
            d.jolietSize = directorySize(d, true);
            d.jolietSector = next;
            next += sectors(d.jolietSize);
        }
        continuationStart = next;
        next += continuationSectors;
        fileStart = next;
        totalSectors = placeFiles(next);
    }

    static long sectors(long bytes) {
        return (bytes + SECTOR - 1) / SECTOR;
    }

    private static void order(IsoNode.Dir dir) {
        List<IsoNode> kids = new ArrayList<>(dir.children.values());
        kids.sort(PRIMARY_ORDER);
        dir.primaryOrder = List.copyOf(kids);
        kids.sort(JOLIET_ORDER);
        dir.jolietOrder = List.copyOf(kids);
        for (IsoNode k : kids) {
            if (k instanceof IsoNode.Dir sub) {
                order(sub);
            }
        }
    }

    /**
     * Path table order (ECMA-119 6.9.1): by level, then parent number, then identifier;
     * a breadth-first walk over sorted children yields exactly that.
     */
    private static List<IsoNode.Dir> breadthFirst(IsoNode.Dir root, boolean joliet) {
        List<IsoNode.Dir> out = new ArrayList<>();
        Deque<IsoNode.Dir> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            IsoNode.Dir d = queue.poll();
            out.add(d);
            if (joliet) {
                d.jolietNumber = out.size();
            } else {
                d.primaryNumber = out.size();
            }
            for (IsoNode k : joliet ? d.jolietOrder : d.primaryOrder) {
                if (k instanceof IsoNode.Dir sub) {
                    queue.add(sub);
                }
            }
        }
        return List.copyOf(out);
    }

    static int pathTableIdLength(IsoNode.Dir d, boolean joliet) {
        return d.parent == null ? 1 : (joliet ? d.jolietId.length : d.isoId.length);
    }

    private static int pathTableSize(List<IsoNode.Dir> dirs, boolean joliet) {
        int size = 0;
        for (IsoNode.Dir d : dirs) {
            int id = pathTableIdLength(d, joliet);
            size += 8 + id + (id & 1);
        }
        return size;
    }

    /** Packs continuation areas into sectors; an area never crosses a sector boundary. */
    private int planContinuations() {
        int sector = 0;
        int offset = 0;
        List<Integer> lengths = new ArrayList<>();
        lengths.add(RockRidge.ER_LENGTH);
        for (IsoNode.Dir d : primaryDirs) {
            for (IsoNode k : d.primaryOrder) {
                if (RockRidge.needsContinuation(k)) {
                    continued.add(k);
                    lengths.add(RockRidge.nameLength(k.rockRidgeName.length));
                }
            }
        }
        for (int i = 0; i < lengths.size(); i++) {
            int len = lengths.get(i);
            if (offset + len > SECTOR) {
                sector++;
                offset = 0;
            }
            IsoNode.Slot slot = new IsoNode.Slot(sector, offset, len);
            if (i == 0) {
                root.extensionReference = slot;
            } else {
                continued.get(i - 1).continuation = slot;
            }
            offset += len;
        }
        return sector + 1;
    }

    /** Record lengths of a directory in output order: ".", "..", then the children. */
    static int[] recordLengths(IsoNode.Dir d, boolean joliet) {
        List<IsoNode> kids = joliet ? d.jolietOrder : d.primaryOrder;
        int[] out = new int[kids.size() + 2];
        out[0] = RockRidge.recordLength(1, joliet ? 0
                : d.parent == null ? RockRidge.ROOT_SELF_LENGTH : RockRidge.ATTRIBUTES_LENGTH);
        out[1] = RockRidge.recordLength(1, joliet ? 0 : RockRidge.ATTRIBUTES_LENGTH);
        for (int i = 0; i < kids.size(); i++) {
            IsoNode k = kids.get(i);
            out[i + 2] = joliet
                    ? RockRidge.recordLength(k.jolietId.length, 0)
                    : RockRidge.recordLength(k.isoId.length, RockRidge.childSystemUseLength(k));
        }
        return out;
    }

    /** ECMA-119 6.8.1.1: a record that would cross a sector boundary starts the next sector. */
    private static int directorySize(IsoNode.Dir d, boolean joliet) {
        int sectors = 1;
        int offset = 0;
        for (int len : recordLengths(d, joliet)) {
            if (offset + len > SECTOR) {
                sectors++;
                offset = 0;
            }
            offset += len;
        }
        return sectors * SECTOR;
    }

    private long placeFiles(long start) {
        long next = start;
        for (IsoNode.Dir d : primaryDirs) {
            for (IsoNode k : d.primaryOrder) {
                if (k instanceof IsoNode.File f) {
                    files.add(f);
                }
            }
        }
        for (IsoNode.File f : files) {
            // an empty file owns no sector; extent 0 with length 0 (never past the volume end)
            f.sector = f.data.length == 0 ? 0 : next;
            next += sectors(f.data.length);
        }
        if (next > MAX_SECTORS) {
            throw new UnrepresentableTreeException("the image would need " + next
                    + " sectors; ISO9660 addresses at most " + MAX_SECTORS);
        }
        return next;
    }
}
