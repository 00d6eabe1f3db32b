package io.virtseed.configdrive.iso;

/**
 * One directory record (ECMA-119 9.1) as read from an image; {@code systemUseStart} is
 * an absolute image offset.
 */
record DirectoryRecord(long position, int length, long extent, long dataLength, int extendedAttributeLength,
        int flags, byte[] identifier, long systemUseStart, int systemUseLength) {

    static final int MIN_LENGTH = 34;
    private static final int FLAG_DIRECTORY = 0x02;
    private static final int FLAG_ASSOCIATED = 0x04;
    private static final int FLAG_MULTI_EXTENT = 0x80;

    /** Reads the record at {@code pos}, which must end at or before {@code limit}. */
    static DirectoryRecord read(ImageBytes img, long pos, long limit) throws MalformedIsoException {
        int len = img.u8(pos);
        if (len < MIN_LENGTH || pos + len > limit) {
            throw new MalformedIsoException("directory record at byte " + pos + " has length " + len
                    + ", outside 34.." + (limit - pos));
        }
        img.require(pos, len, "directory record");
        int idLen = img.u8(pos + 32);
        int suOffset = 33 + idLen + ((idLen & 1) == 0 ? 1 : 0);
        if (idLen == 0 || 33 + idLen > len) {
            throw new MalformedIsoException("directory record at byte " + pos + " has an identifier of "
                    + idLen + " bytes that does not fit its length " + len);
        }
        if (img.u8(pos + 26) != 0 || img.u8(pos + 27) != 0) {
            throw new MalformedIsoException("directory record at byte " + pos
                    + " is interleaved, which is not supported");
        }
        return new DirectoryRecord(pos, len, img.le32(pos + 2), img.le32(pos + 10), img.u8(pos + 1),
                img.u8(pos + 25), img.copy(pos + 33, idLen, "file identifier"),
                pos + Math.min(suOffset, len), Math.max(0, len - suOffset));
    }

    boolean isDirectory() {
        return (flags & FLAG_DIRECTORY) != 0;
    }

    boolean isAssociated() {
        return (flags & FLAG_ASSOCIATED) != 0;
    }

    boolean isMultiExtent() {
        return (flags & FLAG_MULTI_EXTENT) != 0;
    }

    /** The "." (0x00) and ".." (0x01) records. */
    boolean isSelfOrParent() {
        return identifier.length == 1 && (identifier[0] == 0 || identifier[0] == 1);
    }

    /** Absolute offset of the first data byte, after any extended attribute record. */
    long dataStart() {
        return (extent + extendedAttributeLength) * IsoLayout.SECTOR;
    }
}
