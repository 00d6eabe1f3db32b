package io.virtseed.core.state;

import io.virtseed.core.value.IpAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes an {@code instance.json} by hand, byte for byte as the store's mapper writes it (its
 * indented form): building the mapper and the record's serializers is some 50 to 100 ms of a
 * fresh process, the longest step of an {@code up} before the guest starts. A record with a
 * string the mapper writes another way (one with a surrogate, which it escapes) answers empty, and the store
 * uses the mapper. {@code RecordWriterTest} holds the two to the same bytes.
 */
final class RecordWriter {

    private RecordWriter() {
    }

    /** The record's bytes, or empty when the mapper is to write it. */
    static Optional<byte[]> write(InstanceRecord r) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\n  \"version\" : ").append(r.version());
        if (!field(b, "  ", "name", r.name()) || !field(b, "  ", "uuid", r.uuid().toString())
                || !field(b, "  ", "image", r.image()) || !field(b, "  ", "hostname", r.hostname())
                || !field(b, "  ", "datasource", r.datasource() == null ? null : r.datasource().specName())
                || !field(b, "  ", "machine", r.machine() == null ? null : r.machine().libvirtName())
                || !field(b, "  ", "accel", r.accel() == null ? null : r.accel().text())
                || !field(b, "  ", "phase", r.phase().text())
                || !field(b, "  ", "created", r.created() == null ? null : instant(r.created()))) {
            return Optional.empty();
        }
        b.append(",\n  \"nics\" : [");
        if (r.nics().isEmpty()) {
            b.append(" ]");
        } else {
            String sep = " ";
            for (InstanceRecord.Nic n : r.nics()) {
                b.append(sep).append("{\n    \"network\" : ");
                if (!string(b, n.network()) || !field(b, "    ", "mac", n.mac().toString())
                        || !field(b, "    ", "ip", n.ip().map(IpAddress::toString).orElse(null))
                        || !field(b, "    ", "ip6", n.ip6().map(IpAddress::toString).orElse(null))
                        || !field(b, "    ", "tap", n.tap())) {
                    return Optional.empty();
                }
                b.append(",\n    \"dhcp\" : ").append(n.dhcp()).append("\n  }");
                sep = ", ";
            }
            b.append(" ]");
        }
        b.append("\n}");
        return Optional.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean field(StringBuilder b, String indent, String name, String value) {
        b.append(",\n").append(indent).append('"').append(name).append("\" : ");
        return string(b, value);
    }

    /** A JSON string as the mapper escapes it, or {@code null}; false for one with a surrogate. */
    private static boolean string(StringBuilder b, String s) {
        return JsonStrings.append(b, s);
    }

    /**
     * {@link Instant#toString} for the years 0000 to 9999, without {@code java.time}'s formatters
     * (some 5 ms of a fresh process); other years through it.
     */
    static String instant(Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // the civil date of a day count, in 400-year eras from 0000-03-01
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return t.toString();
        }
        StringBuilder b = new StringBuilder(30);
        pad(b, year, 4).append('-');
        pad(b, month, 2).append('-');
        pad(b, day, 2).append('T');
        pad(b, secondOfDay / 3600, 2).append(':');
        pad(b, secondOfDay / 60 % 60, 2).append(':');
        pad(b, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(b, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                pad(b, nanos / 1000, 6);
            } else {
                pad(b, nanos, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
