package io.virtseed.configdrive.iso;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Writes ECMA-119 fields (single and both-byte-order integers, padded strings, dates)
 * into a byte array at a moving position. The array is expected to be zero-filled, so
 * reserved fields are simply skipped.
 */
final class IsoBuffer {

    private final byte[] bytes;
    private int pos;

    IsoBuffer(byte[] bytes, int pos) {
        this.bytes = bytes;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    IsoBuffer position(int newPos) {
        pos = newPos;
        return this;
    }

    IsoBuffer skip(int n) {
        pos += n;
        return this;
    }

    IsoBuffer u8(int v) {
        bytes[pos++] = (byte) v;
        return this;
    }

    IsoBuffer le16(int v) {
        bytes[pos++] = (byte) v;
        bytes[pos++] = (byte) (v >>> 8);
        return this;
    }

    IsoBuffer be16(int v) {
        bytes[pos++] = (byte) (v >>> 8);
        bytes[pos++] = (byte) v;
        return this;
    }

    IsoBuffer le32(long v) {
        bytes[pos++] = (byte) v;
        bytes[pos++] = (byte) (v >>> 8);
        bytes[pos++] = (byte) (v >>> 16);
        bytes[pos++] = (byte) (v >>> 24);
        return this;
    }

    IsoBuffer be32(long v) {
        bytes[pos++] = (byte) (v >>> 24);
        bytes[pos++] = (byte) (v >>> 16);
        bytes[pos++] = (byte) (v >>> 8);
        bytes[pos++] = (byte) v;
        return this;
    }

    /** ECMA-119 7.2.3: little-endian copy followed by a big-endian copy. */
    IsoBuffer both16(int v) {
        return le16(v).be16(v);
    }

    /** ECMA-119 7.3.3. */
    IsoBuffer both32(long v) {
        return le32(v).be32(v);
    }

    IsoBuffer bytes(byte[] src) {
        System.arraycopy(src, 0, bytes, pos, src.length);
        pos += src.length;
        return this;
    }

    IsoBuffer bytes(byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, pos, len);
        pos += len;
        return this;
    }

    /** An ASCII text field of exactly {@code width} bytes, padded with spaces. */
    IsoBuffer ascii(String s, int width) {
        int n = Math.min(s.length(), width);
        for (int i = 0; i < width; i++) {
            bytes[pos++] = i < n ? (byte) s.charAt(i) : (byte) ' ';
        }
        return this;
    }

    /**
     * A Joliet text field of {@code width} bytes: UCS-2 big endian, cut to whole
     * characters that fit, padded with U+0020.
     */
    IsoBuffer ucs2(String s, int width) {
        int units = Math.min(s.length(), width / 2);
        if (units > 0 && Character.isHighSurrogate(s.charAt(units - 1))) {
            units--; // never split a surrogate pair
        }
        for (int i = 0; i < width / 2; i++) {
            be16(i < units ? s.charAt(i) : ' ');
        }
        return this;
    }

    /** ECMA-119 9.1.5: the 7-byte date of a directory record, in UTC. */
    static byte[] recordDate(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return new byte[] {
            (byte) (z.getYear() - 1900), (byte) z.getMonthValue(), (byte) z.getDayOfMonth(),
            (byte) z.getHour(), (byte) z.getMinute(), (byte) z.getSecond(), 0
        };
    }

    /** ECMA-119 8.4.26.1: the 17-byte date of a volume descriptor, in UTC. */
    static byte[] volumeDate(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        // digits by hand, not String.format: its first call (the formatter, its pattern) costs a fresh process ms
        int[] fields = {z.getYear(), z.getMonthValue(), z.getDayOfMonth(), z.getHour(), z.getMinute(), z.getSecond(),
            z.getNano() / 10_000_000};
        byte[] out = new byte[17];
        int at = 16;
        for (int f = fields.length - 1; f >= 0; f--) {
            int v = fields[f];
            for (int d = f == 0 ? 4 : 2; d > 0; d--) {
                out[--at] = (byte) ('0' + v % 10);
                v /= 10;
            }
        }
        return out; // last byte: offset from GMT in 15-minute steps, 0
    }

    /** ECMA-119 8.4.26.1: "not specified" is sixteen '0' digits and a zero offset. */
    static byte[] unsetVolumeDate() {
        byte[] out = new byte[17];
        java.util.Arrays.fill(out, 0, 16, (byte) '0');
        return out;
    }
}
