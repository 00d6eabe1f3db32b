package io.virtseed.configdrive.iso;

import java.util.List;

/**
 * Writes the directory extents of the primary tree (with Rock Ridge entries) and of the
 * Joliet tree (UCS-2 identifiers, no System Use), and the Rock Ridge continuation areas.
 */
final class DirectoryWriter {

    private static final int FLAG_DIRECTORY = 2;
    private static final byte[] SELF_ID = {0};
    private static final byte[] PARENT_ID = {1};

    private final IsoLayout layout;
    private final byte[] date;

    DirectoryWriter(IsoLayout layout, byte[] recordDate) {
        this.layout = layout;
        this.date = recordDate;
    }

    void write(byte[] image) {
        for (IsoNode.Dir d : layout.primaryDirs) {
            directory(image, d, false);
        }
        for (IsoNode.Dir d : layout.jolietDirs) {
            directory(image, d, true);
        }
        continuations(image);
    }

    private void directory(byte[] image, IsoNode.Dir d, boolean joliet) {
        int start = DescriptorWriter.offset(d.sector(joliet));
        IsoBuffer b = new IsoBuffer(image, start);
        int[] lengths = IsoLayout.recordLengths(d, joliet);
        List<IsoNode> kids = joliet ? d.jolietOrder : d.primaryOrder;
        IsoNode.Dir parent = d.parent == null ? d : d.parent;
        for (int i = 0; i < lengths.length; i++) {
            int used = (b.position() - start) % IsoLayout.SECTOR;
            if (used + lengths[i] > IsoLayout.SECTOR) {
                b.skip(IsoLayout.SECTOR - used); // records never straddle a sector
            }
            int recordStart = b.position();
            if (i == 0) {
                fixed(b, lengths[i], d, joliet, SELF_ID);
                if (!joliet) {
                    selfEntries(b, d);
                }
            } else if (i == 1) {
                fixed(b, lengths[i], parent, joliet, PARENT_ID);
                if (!joliet) {
                    attributes(b, parent);
                }
            } else {
                IsoNode k = kids.get(i - 2);
                fixed(b, lengths[i], k, joliet, joliet ? k.jolietId : k.isoId);
                if (!joliet) {
                    childEntries(b, k);
                }
            }
            checkLength(b, recordStart, lengths[i], d);
        }
    }

    /** ECMA-119 9.1.1 to 9.1.12, up to and including the identifier's pad byte. */
    private void fixed(IsoBuffer b, int length, IsoNode node, boolean joliet, byte[] id) {
        boolean dir = node instanceof IsoNode.Dir;
        b.u8(length).u8(0).both32(node.sector(joliet)).both32(node.dataLength(joliet)).bytes(date)
                .u8(dir ? FLAG_DIRECTORY : 0).u8(0).u8(0).both16(1).u8(id.length).bytes(id)
                .skip((id.length & 1) == 0 ? 1 : 0);
    }

    private void selfEntries(IsoBuffer b, IsoNode.Dir d) {
        if (d.parent != null) {
            attributes(b, d);
            return;
        }
        // SUSP 5.3: SP opens the System Use area of the root's "." record; ER must be
        // reachable from it, here through a CE because it does not fit.
        RockRidge.sp(b);
        attributes(b, d);
        IsoNode.Slot er = d.extensionReference;
        RockRidge.ce(b, layout.continuationStart + er.sectorIndex(), er.offset(), er.length());
    }

    private void childEntries(IsoBuffer b, IsoNode k) {
        attributes(b, k);
        IsoNode.Slot slot = k.continuation;
        if (slot == null) {
            RockRidge.nm(b, k.rockRidgeName);
        } else {
            RockRidge.ce(b, layout.continuationStart + slot.sectorIndex(), slot.offset(), slot.length());
        }
    }

    private void attributes(IsoBuffer b, IsoNode node) {
        if (node instanceof IsoNode.Dir d) {
            RockRidge.px(b, RockRidge.DIR_MODE, d.linkCount());
        } else {
            RockRidge.px(b, RockRidge.FILE_MODE, 1);
        }
        RockRidge.tf(b, date);
    }

    private static void checkLength(IsoBuffer b, int recordStart, int expected, IsoNode.Dir d) {
        int written = b.position() - recordStart;
        if (written > expected || expected - written > 1) {
            throw new IllegalStateException("directory record of '" + d.path() + "' is " + written
                    + " bytes but the layout planned " + expected);
        }
        b.position(recordStart + expected); // the planned length includes the even-length pad
    }

    private void continuations(byte[] image) {
        IsoNode.Slot er = layout.root.extensionReference;
        RockRidge.er(at(image, er));
        for (IsoNode k : layout.continued) {
            RockRidge.nm(at(image, k.continuation), k.rockRidgeName);
        }
    }

    private IsoBuffer at(byte[] image, IsoNode.Slot slot) {
        return new IsoBuffer(image, DescriptorWriter.offset(layout.continuationStart + slot.sectorIndex())
                + slot.offset());
    }
}
