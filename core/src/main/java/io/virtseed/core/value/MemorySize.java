package io.virtseed.core.value;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, parsed from {@code 512MiB}, {@code 1GiB}, {@code 10G} (binary units: K, M, G, T
 * with or without "i" and "B"), or a plain byte count.
 */
public record MemorySize(long bytes) implements Comparable<MemorySize> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})\\s*([KMGT]?)(I?B?)", Pattern.CASE_INSENSITIVE);

    public MemorySize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must not be negative: " + bytes);
        }
    }

    public static MemorySize ofMiB(long mib) {
        return new MemorySize(Math.multiplyExact(mib, 1L << 20));
    }

    public static MemorySize ofGiB(long gib) {
        return new MemorySize(Math.multiplyExact(gib, 1L << 30));
    }

    public static MemorySize parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches() || (m.group(2).isEmpty() && !m.group(3).isEmpty() && !m.group(3).equalsIgnoreCase("B"))) {
            throw new IllegalArgumentException("invalid size '" + text
                    + "': use a number with an optional binary unit, like 512MiB, 1GiB or 10G");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return new MemorySize(n << shift);
    }

    public long mebibytes() {
        return bytes >> 20;
    }

    @Override
    public int compareTo(MemorySize o) {
        return Long.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        return bytes + "B";
    }
}
