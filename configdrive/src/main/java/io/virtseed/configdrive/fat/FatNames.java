package io.virtseed.configdrive.fat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The naming rules of FAT: which long names and labels are legal, what an upper-case 8.3
 * ("short") name is, and the checksum that ties long-name entries to their short entry.
 * Pure functions only.
 *
 * <pre>{@code
 * FatNames.checkLongName("meta_data.json");          // fine
 * boolean plain = FatNames.isUpperShortName("0000"); // true: needs no long-name entries
 * }</pre>
 */
final class FatNames {

    /** Longest long name, in UTF-16 code units. */
    static final int MAX_LONG_NAME = 255;
    /** Characters no FAT name may hold (besides control characters). */
    private static final String ILLEGAL_LONG = "\"*/:<>?\\|";
    /** Characters that are legal in long names but not in 8.3 names. */
    private static final String LONG_ONLY = "+,;=[] .";
    /** Punctuation allowed in 8.3 names besides letters and digits. */
    private static final String SHORT_PUNCTUATION = "$%'-_@~`!(){}^#&";
    /** Labels additionally exclude the characters 8.3 names exclude, and the dot. */
    private static final String ILLEGAL_LABEL = "\"*+,./:;<=>?[\\]|";
    /** Short names and labels are in the OEM code page; code page 437 is what mkfs/mtools assume. */
    private static final Charset OEM = Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;

    private FatNames() {
    }

    /** Throws unless {@code name} may be a FAT long file name. */
    static void checkLongName(String name, String path) {
        if (name.length() > MAX_LONG_NAME) {
            throw new IllegalArgumentException("name longer than " + MAX_LONG_NAME + " characters, which FAT cannot store: " + path);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || ILLEGAL_LONG.indexOf(c) >= 0) {
                throw new IllegalArgumentException("name holds '" + (c < 0x20 ? "\\u" + Integer.toHexString(c) : c)
                        + "', which FAT forbids (illegal: control characters and " + ILLEGAL_LONG + "): " + path);
            }
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            throw new IllegalArgumentException("name ends with a dot or space, which FAT drops on lookup: " + path);
        }
    }

    /** Throws unless {@code label} is a legal volume label: 1..11 printable ASCII characters. */
    static void checkLabel(String label) {
        if (label == null || label.isEmpty() || label.length() > 11) {
            throw new IllegalArgumentException("FAT volume label must have 1 to 11 characters: '" + label + "'");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 0x20 || c > 0x7E || ILLEGAL_LABEL.indexOf(c) >= 0) {
                throw new IllegalArgumentException("FAT volume label '" + label + "' holds '" + c
                        + "'; allowed are printable ASCII characters except " + ILLEGAL_LABEL);
            }
        }
        if (label.charAt(0) == ' ' || label.charAt(label.length() - 1) == ' ') {
            throw new IllegalArgumentException("FAT volume label must not start or end with a space: '" + label + "'");
        }
    }

    /** The label as the 11 space-padded bytes of the boot sector and the label entry; case is kept. */
    static byte[] paddedLabel(String label) {
        byte[] out = new byte[11];
        Arrays.fill(out, (byte) ' ');
        byte[] raw = label.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(raw, 0, out, 0, Math.min(raw.length, 11));
        return out;
    }

    /** True if {@code c} may appear in an 8.3 name as is. */
    static boolean isShortChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SHORT_PUNCTUATION.indexOf(c) >= 0;
    }

    /** True if {@code c} is legal in a long name but must be replaced in an 8.3 name. */
    static boolean isLongOnly(char c) {
        return LONG_ONLY.indexOf(c) >= 0 || c > 0x7E;
    }

    /** True if the name is already a valid upper-case 8.3 name, so it needs no long-name entries. */
    static boolean isUpperShortName(String name) {
        int dot = name.indexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())) {
            return false;
        }
        return (base + ext).chars().allMatch(c -> isShortChar((char) c));
    }

    /** The 11-byte directory form of a valid 8.3 name: base and extension, each space padded. */
    static byte[] shortNameBytes(String base, String ext) {
        byte[] out = new byte[11];
        Arrays.fill(out, (byte) ' ');
        byte[] b = base.getBytes(StandardCharsets.US_ASCII);
        byte[] e = ext.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, 0, b.length);
        System.arraycopy(e, 0, out, 8, e.length);
        return out;
    }

    /** The checksum every long-name entry carries of its short name (rotate right, add). */
    static byte checksum(byte[] shortName) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum = (((sum & 1) << 7) | ((sum & 0xFF) >>> 1)) + (shortName[i] & 0xFF);
            sum &= 0xFF;
        }
        return (byte) sum;
    }

    /** The key under which two names are the same file on FAT, which ignores case. */
    static String foldCase(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    /** Decodes OEM code page bytes (short names, labels). */
    static String decodeOem(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, OEM);
    }
}
