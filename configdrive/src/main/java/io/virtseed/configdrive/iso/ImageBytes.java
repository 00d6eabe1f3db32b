package io.virtseed.configdrive.iso;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked reads from an untrusted image: every access that would leave the
 * image is a {@link MalformedIsoException} naming what was being read.
 */
final class ImageBytes {

    private final byte[] data;

    ImageBytes(byte[] data) {
        this.data = data;
    }

    long length() {
        return data.length;
    }

    void require(long pos, long len, String what) throws MalformedIsoException {
        if (pos < 0 || len < 0 || pos + len > data.length) {
            throw new MalformedIsoException(what + " (bytes " + pos + " to " + (pos + len)
                    + ") lies outside the image of " + data.length + " bytes");
        }
    }

    int u8(long pos) throws MalformedIsoException {
        require(pos, 1, "byte");
        return data[(int) pos] & 0xFF;
    }

    int le16(long pos) throws MalformedIsoException {
        require(pos, 2, "16-bit field");
        int p = (int) pos;
        return (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8;
    }

    long le32(long pos) throws MalformedIsoException {
        require(pos, 4, "32-bit field");
        int p = (int) pos;
        return (data[p] & 0xFFL) | (data[p + 1] & 0xFFL) << 8 | (data[p + 2] & 0xFFL) << 16
                | (data[p + 3] & 0xFFL) << 24;
    }

    byte[] copy(long pos, int len, String what) throws MalformedIsoException {
        require(pos, len, what);
        return Arrays.copyOfRange(data, (int) pos, (int) pos + len);
    }

    boolean matches(long pos, byte[] expected) {
        if (pos < 0 || pos + expected.length > data.length) {
            return false;
        }
        return Arrays.equals(data, (int) pos, (int) pos + expected.length, expected, 0, expected.length);
    }

    /** A space-padded ASCII field, trailing spaces and NULs removed. */
    String ascii(long pos, int len) throws MalformedIsoException {
        require(pos, len, "text field");
        return trimEnd(new String(data, (int) pos, len, StandardCharsets.ISO_8859_1));
    }

    /** A Joliet UCS-2 field, trailing spaces and NULs removed. */
    String ucs2(long pos, int len) throws MalformedIsoException {
        require(pos, len, "text field");
        return trimEnd(new String(data, (int) pos, len & ~1, StandardCharsets.UTF_16BE));
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }
}
