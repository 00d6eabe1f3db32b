package io.virtseed.configdrive.iso;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the SUSP entries of a directory record (following CE continuation areas) and
 * collects the Rock Ridge facts a tree walk needs: the NM name (joined across CONTINUE
 * flags), the PX mode, CL/RE relocation and SL. Unknown entries are skipped.
 */
final class SystemUseReader {

    /** Bounds the work per record, so a CE chain that loops cannot run forever. */
    static final int MAX_CONTINUATIONS = 32;
    static final int MAX_NAME_BYTES = 1024;
    private static final int NM_CONTINUE = 1;
    private static final int NM_CURRENT_OR_PARENT = 6;

    private final ImageBytes img;
    private final int skip;
    /** Continuation bytes read so far; in a sound image the areas never overlap. */
    private long continuationBytes;

    /** @param skip LEN_SKP from the SP entry: bytes to ignore at the start of each System Use field */
    SystemUseReader(ImageBytes img, int skip) {
        this.img = img;
        this.skip = skip;
    }

    /** What a record's Rock Ridge entries say; {@code name} is null without NM. */
    record Entries(String name, long mode, long childLink, boolean relocated, boolean symlink,
            boolean rockRidgeExtension) {
    }

    /** Whether the root's "." record starts with a valid SP entry; returns LEN_SKP or -1. */
    static int sharingProtocolSkip(ImageBytes img, DirectoryRecord rootSelf) throws MalformedIsoException {
        long p = rootSelf.systemUseStart();
        if (rootSelf.systemUseLength() < 7 || img.u8(p) != 'S' || img.u8(p + 1) != 'P' || img.u8(p + 2) < 7
                || img.u8(p + 4) != 0xBE || img.u8(p + 5) != 0xEF) {
            return -1;
        }
        return img.u8(p + 6);
    }

    Entries read(DirectoryRecord r) throws MalformedIsoException {
        Collector c = new Collector();
        long areaStart = r.systemUseStart() + skip;
        long areaLength = r.systemUseLength() - skip;
        for (int hops = 0; areaLength > 0; hops++) {
            if (hops > MAX_CONTINUATIONS) {
                throw new MalformedIsoException("record at byte " + r.position() + " chains more than "
                        + MAX_CONTINUATIONS + " SUSP continuation areas");
            }
            c.nextArea = null;
            area(areaStart, areaLength, c);
            if (c.nextArea == null) {
                break;
            }
            areaStart = c.nextArea[0];
            areaLength = c.nextArea[1];
        }
        return c.result();
    }

    private void area(long start, long length, Collector c) throws MalformedIsoException {
        img.require(start, length, "SUSP area");
        long p = start;
        long end = start + length;
        while (end - p >= 4) {
            int b1 = img.u8(p);
            int b2 = img.u8(p + 1);
            int len = img.u8(p + 2);
            if (len == 0 && b1 == 0 && b2 == 0) {
                return; // zero padding
            }
            if (len < 4 || p + len > end) {
                throw new MalformedIsoException("SUSP entry '" + (char) b1 + (char) b2 + "' at byte " + p
                        + " has length " + len + " but " + (end - p) + " bytes remain");
            }
            if (b1 == 'S' && b2 == 'T') {
                return; // SUSP 5.4: end of this area's entries
            }
            c.entry(b1, b2, p, len);
            p += len;
        }
    }

    private final class Collector {
        private final ByteArrayOutputStream name = new ByteArrayOutputStream();
        private boolean hasName;
        private boolean nameOpen;
        private long mode = -1;
        private long childLink = -1;
        private boolean relocated;
        private boolean symlink;
        private boolean extension;
        private long[] nextArea;

        void entry(int b1, int b2, long p, int len) throws MalformedIsoException {
            switch ((char) b1 + "" + (char) b2) {
                case "CE" -> continuation(p, len);
                case "NM" -> name(p, len);
                case "PX" -> {
                    need(len, 36, "PX", p);
                    mode = img.le32(p + 4);
                }
                case "CL" -> {
                    need(len, 12, "CL", p);
                    childLink = img.le32(p + 4);
                }
                case "RE" -> relocated = true;
                case "SL" -> symlink = true;
                case "ER" -> extension |= isRockRidgeId(p, len);
                default -> {
                    // TF, SP, RR, PN, SF, AA, AL, ZF ...: nothing a file tree needs
                }
            }
        }

        /** Like Linux, insists that an area lies inside one block; and bounds the sum of all areas. */
        private void continuation(long p, int len) throws MalformedIsoException {
            need(len, 28, "CE", p);
            long block = img.le32(p + 4);
            long offset = img.le32(p + 12);
            long length = img.le32(p + 20);
            if (offset + length > IsoLayout.SECTOR) {
                throw new MalformedIsoException("CE entry at byte " + p + " describes an area of " + length
                        + " bytes at offset " + offset + " that leaves its block");
            }
            continuationBytes += length;
            if (continuationBytes > img.length()) {
                throw new MalformedIsoException("SUSP continuation areas add up to more than the image: "
                        + "they overlap or repeat");
            }
            nextArea = new long[] {block * IsoLayout.SECTOR + offset, length};
        }

        private void name(long p, int len) throws MalformedIsoException {
            need(len, 5, "NM", p);
            int flags = img.u8(p + 4);
            if ((flags & NM_CURRENT_OR_PARENT) != 0 || (hasName && !nameOpen)) {
                return;
            }
            name.writeBytes(img.copy(p + 5, len - 5, "NM name"));
            if (name.size() > MAX_NAME_BYTES) {
                throw new MalformedIsoException("Rock Ridge name at byte " + p + " exceeds " + MAX_NAME_BYTES + " bytes");
            }
            hasName = true;
            nameOpen = (flags & NM_CONTINUE) != 0;
        }

        private boolean isRockRidgeId(long p, int len) throws MalformedIsoException {
            need(len, 8, "ER", p);
            int idLen = img.u8(p + 4);
            if (8 + idLen > len) {
                throw new MalformedIsoException("ER entry at byte " + p + " is shorter than its identifier");
            }
            String id = img.ascii(p + 8, idLen);
            return id.equals("RRIP_1991A") || id.equals("IEEE_P1282") || id.equals("IEEE_1282");
        }

        private void need(int len, int min, String sig, long p) throws MalformedIsoException {
            if (len < min) {
                throw new MalformedIsoException(sig + " entry at byte " + p + " has length " + len
                        + ", needs at least " + min);
            }
        }

        Entries result() throws MalformedIsoException {
            String decoded = null;
            if (hasName) {
                try {
                    decoded = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(name.toByteArray())).toString();
                } catch (CharacterCodingException e) {
                    throw new MalformedIsoException("Rock Ridge name of " + name.size() + " bytes is not valid UTF-8");
                }
            }
            return new Entries(decoded, mode, childLink, relocated, symlink, extension);
        }
    }
}
