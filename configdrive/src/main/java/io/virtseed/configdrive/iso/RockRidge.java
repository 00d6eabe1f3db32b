package io.virtseed.configdrive.iso;

import java.nio.charset.StandardCharsets;

/**
 * System Use entries (SUSP 1.12) carrying the Rock Ridge (RRIP) attributes of a
 * primary directory record: SP, PX, TF, NM, CE and ER. Sizes are computed by the same
 * class that writes the entries, so the layout and the bytes cannot disagree.
 */
final class RockRidge {

    static final int SP_LENGTH = 7;
    static final int PX_LENGTH = 36;
    static final int TF_LENGTH = 26;
    static final int CE_LENGTH = 28;
    /** PX + TF: what every record carries. */
    static final int ATTRIBUTES_LENGTH = PX_LENGTH + TF_LENGTH;
    static final int ROOT_SELF_LENGTH = SP_LENGTH + ATTRIBUTES_LENGTH + CE_LENGTH;
    static final int DIR_MODE = 040555;
    static final int FILE_MODE = 0100444;

    private static final int NM_HEADER = 5;
    /** An entry length is one byte, so long names are split into CONTINUE'd NM entries. */
    private static final int NM_MAX_CHUNK = 250;
    private static final int NM_CONTINUE = 1;
    private static final int TF_MODIFY_ACCESS_ATTRIBUTES = 0x0E;

    // The identifier and texts RRIP 1.09/1.12 prescribe for its ER entry.
    private static final byte[] ER_ID = ascii("RRIP_1991A");
    private static final byte[] ER_DESCRIPTOR = ascii(
            "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS");
    private static final byte[] ER_SOURCE = ascii("PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  "
            + "SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.");
    static final int ER_LENGTH = 8 + ER_ID.length + ER_DESCRIPTOR.length + ER_SOURCE.length;

    private RockRidge() {
    }

    /** ECMA-119 9.1: 33 fixed bytes, the identifier, a pad byte after an even one, System Use. */
    static int recordLength(int idLength, int systemUseLength) {
        int n = 33 + idLength + ((idLength & 1) == 0 ? 1 : 0) + systemUseLength;
        return n + (n & 1); // keep every record an even length
    }

    static int nameLength(int nameBytes) {
        int chunks = Math.max(1, (nameBytes + NM_MAX_CHUNK - 1) / NM_MAX_CHUNK);
        return chunks * NM_HEADER + nameBytes;
    }

    /** True when PX, TF and NM together do not fit in the 255-byte record. */
    static boolean needsContinuation(IsoNode node) {
        int inline = ATTRIBUTES_LENGTH + nameLength(node.rockRidgeName.length);
        return recordLength(node.isoId.length, inline) > 255;
    }

    static int childSystemUseLength(IsoNode node) {
        return node.continuation != null
                ? ATTRIBUTES_LENGTH + CE_LENGTH
                : ATTRIBUTES_LENGTH + nameLength(node.rockRidgeName.length);
    }

    static void sp(IsoBuffer b) {
        header(b, 'S', 'P', SP_LENGTH).u8(0xBE).u8(0xEF).u8(0);
    }

    static void px(IsoBuffer b, int mode, int links) {
        header(b, 'P', 'X', PX_LENGTH).both32(mode).both32(links).both32(0).both32(0);
    }

    static void tf(IsoBuffer b, byte[] date) {
        header(b, 'T', 'F', TF_LENGTH).u8(TF_MODIFY_ACCESS_ATTRIBUTES).bytes(date).bytes(date).bytes(date);
    }

    static void ce(IsoBuffer b, long sector, int offset, int length) {
        header(b, 'C', 'E', CE_LENGTH).both32(sector).both32(offset).both32(length);
    }

    static void nm(IsoBuffer b, byte[] name) {
        int off = 0;
        do {
            int chunk = Math.min(NM_MAX_CHUNK, name.length - off);
            boolean more = off + chunk < name.length;
            header(b, 'N', 'M', NM_HEADER + chunk).u8(more ? NM_CONTINUE : 0).bytes(name, off, chunk);
            off += chunk;
        } while (off < name.length);
    }

    static void er(IsoBuffer b) {
        header(b, 'E', 'R', ER_LENGTH).u8(ER_ID.length).u8(ER_DESCRIPTOR.length).u8(ER_SOURCE.length).u8(1)
                .bytes(ER_ID).bytes(ER_DESCRIPTOR).bytes(ER_SOURCE);
    }

    private static IsoBuffer header(IsoBuffer b, char c1, char c2, int length) {
        return b.u8(c1).u8(c2).u8(length).u8(1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
