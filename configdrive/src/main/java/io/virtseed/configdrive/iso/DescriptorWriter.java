package io.virtseed.configdrive.iso;

/**
 * Writes the volume descriptor set (ECMA-119 8.4, 8.5, 8.3): the primary descriptor, the
 * Joliet supplementary descriptor (escape sequence {@code %/E}, UCS-2 level 3) and the
 * terminator, plus the path tables of both trees (ECMA-119 9.4).
 */
final class DescriptorWriter {

    private static final byte[] STANDARD_ID = {'C', 'D', '0', '0', '1'};
    private static final String SYSTEM_ID = "LINUX";
    private static final String APPLICATION_ID = "VIRTSEED";

    private final IsoLayout layout;
    private final IsoOptions options;
    private final byte[] volumeDate;
    private final byte[] recordDate;

    DescriptorWriter(IsoLayout layout, IsoOptions options, byte[] recordDate) {
        this.layout = layout;
        this.options = options;
        this.volumeDate = IsoBuffer.volumeDate(options.recorded());
        this.recordDate = recordDate;
    }

    void write(byte[] image) {
        descriptor(image, false);
        descriptor(image, true);
        IsoBuffer t = new IsoBuffer(image, offset(IsoLayout.TERMINATOR));
        t.u8(255).bytes(STANDARD_ID).u8(1);
        pathTable(image, layout.primaryLPath, false, true);
        pathTable(image, layout.primaryMPath, false, false);
        pathTable(image, layout.jolietLPath, true, true);
        pathTable(image, layout.jolietMPath, true, false);
    }

    static int offset(long sector) {
        return Math.toIntExact(sector * IsoLayout.SECTOR);
    }

    private void descriptor(byte[] image, boolean joliet) {
        IsoBuffer b = new IsoBuffer(image, offset(joliet ? IsoLayout.JOLIET_DESCRIPTOR : IsoLayout.PRIMARY_DESCRIPTOR));
        b.u8(joliet ? 2 : 1).bytes(STANDARD_ID).u8(1).u8(0);
        text(b, SYSTEM_ID, 32, joliet);
        text(b, options.volumeId(), 32, joliet);
        b.skip(8).both32(layout.totalSectors);
        if (joliet) {
            b.u8('%').u8('/').u8('E').skip(29); // UCS-2 level 3
        } else {
            b.skip(32);
        }
        int pathTableSize = joliet ? layout.jolietPathTableSize : layout.primaryPathTableSize;
        b.both16(1).both16(1).both16(IsoLayout.SECTOR).both32(pathTableSize);
        b.le32(joliet ? layout.jolietLPath : layout.primaryLPath).le32(0);
        b.be32(joliet ? layout.jolietMPath : layout.primaryMPath).be32(0);
        rootRecord(b, joliet);
        text(b, "", 128, joliet); // volume set
        text(b, options.publisher(), 128, joliet);
        text(b, "", 128, joliet); // data preparer
        text(b, APPLICATION_ID, 128, joliet);
        text(b, "", 37, joliet); // copyright file
        text(b, "", 37, joliet); // abstract file
        text(b, "", 37, joliet); // bibliographic file
        b.bytes(volumeDate).bytes(volumeDate).bytes(IsoBuffer.unsetVolumeDate()).bytes(IsoBuffer.unsetVolumeDate());
        b.u8(1); // file structure version; application use and reserved stay zero
    }

    /** Joliet fields are UCS-2; an odd width (the 37-byte file ids) keeps its last byte zero. */
    private static void text(IsoBuffer b, String s, int width, boolean joliet) {
        if (joliet) {
            b.ucs2(s, width & ~1).skip(width & 1);
        } else {
            b.ascii(s, width);
        }
    }

    private void rootRecord(IsoBuffer b, boolean joliet) {
        IsoNode.Dir root = layout.root;
        b.u8(34).u8(0).both32(root.sector(joliet)).both32(root.dataLength(joliet)).bytes(recordDate)
                .u8(2).u8(0).u8(0).both16(1).u8(1).u8(0);
    }

    private void pathTable(byte[] image, long sector, boolean joliet, boolean littleEndian) {
        IsoBuffer b = new IsoBuffer(image, offset(sector));
        for (IsoNode.Dir d : joliet ? layout.jolietDirs : layout.primaryDirs) {
            int idLength = IsoLayout.pathTableIdLength(d, joliet);
            IsoNode.Dir parent = d.parent == null ? d : d.parent;
            int parentNumber = joliet ? parent.jolietNumber : parent.primaryNumber;
            b.u8(idLength).u8(0);
            if (littleEndian) {
                b.le32(d.sector(joliet)).le16(parentNumber);
            } else {
                b.be32(d.sector(joliet)).be16(parentNumber);
            }
            if (d.parent == null) {
                b.u8(0);
            } else {
                b.bytes(joliet ? d.jolietId : d.isoId);
            }
            b.skip(idLength & 1);
        }
    }
}
