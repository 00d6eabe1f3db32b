package io.virtseed.core.state;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads an {@code instance.json} by hand: building the record mapper and its record deserializers
 * is some 40 to 60 ms of a fresh process, and even Jackson's streaming parser took 20 to 50 ms to
 * read its first 25 tokens (its tables and buffers), most of an {@code ls}. It only takes the
 * shape the store writes (each field once, of its written type, values in the form Jackson writes
 * them, UTF-8); anything else, a broken record included, answers empty, and the caller reads the
 * bytes with the mapper, so the record or the error is the mapper's whatever the file holds.
 * {@code RecordReaderTest} holds the two to the same records.
 */
final class RecordReader {

    /** Thrown inside only: the file is not in the shape read here. */
    static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private RecordReader() {
    }

    /** The record, or empty when the mapper is to read these bytes. */
    static Optional<InstanceRecord> read(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            return Optional.empty(); // bytes that are not UTF-8 (or a replacement character): the mapper's
        }
        try {
            Cursor c = new Cursor(text);
            c.expect('{');
            InstanceRecord r = record(c);
            c.end();
            return Optional.of(r);
        } catch (Unsure | RuntimeException e) { // the constructors' checks too
            return Optional.empty();
        }
    }

    private static InstanceRecord record(Cursor c) throws Unsure {
        int version = 0;
        String name = null;
        UUID uuid = null;
        String image = null;
        String hostname = null;
        Datasource datasource = null;
        MachineType machine = null;
        Accelerator accel = null;
        Phase phase = null;
        Instant created = null;
        List<InstanceRecord.Nic> nics = null;
        Set<String> seen = new HashSet<>();
        for (String field = c.firstField(); field != null; field = c.nextField()) {
            if (!seen.add(field)) {
                throw new Unsure(); // the mapper keeps the last; not worth copying
            }
            switch (field) {
                case "version" -> version = c.intValue();
                case "name" -> name = c.stringOrNull();
                case "uuid" -> {
                    String s = c.stringOrNull();
                    uuid = valueOr(s, UUID::fromString);
                    if (uuid != null) {
                        if (!uuid.toString().equalsIgnoreCase(s)) {
                            throw new Unsure(); // a short form UUID.fromString takes and Jackson may not
                        }
                    }
                }
                case "image" -> image = c.stringOrNull();
                case "hostname" -> hostname = c.stringOrNull();
                case "datasource" -> datasource = valueOr(c.stringOrNull(), Datasource::fromSpecName);
                case "machine" -> machine = valueOr(c.stringOrNull(), MachineType::fromLibvirtName);
                case "accel" -> accel = valueOr(c.stringOrNull(), Accelerator::of);
                case "phase" -> phase = valueOr(c.stringOrNull(), Phase::of);
                case "created" -> {
                    String s = c.stringOrNull();
                    created = s == null ? null : writtenInstant(s); // only the form Jackson writes
                }
                case "nics" -> nics = nics(c);
                default -> throw new Unsure(); // the mapper refuses a field it does not know
            }
        }
        return new InstanceRecord(version, name, uuid, image, hostname, datasource, machine, accel, phase, created,
                nics);
    }

    private static List<InstanceRecord.Nic> nics(Cursor c) throws Unsure {
        if (c.literal("null")) {
            return null;
        }
        c.expect('[');
        List<InstanceRecord.Nic> out = new ArrayList<>();
        if (c.consume(']')) {
            return out;
        }
        do {
            c.expect('{'); // [null] and other members: the mapper's
            out.add(nic(c));
        } while (c.consume(','));
        c.expect(']');
        return out;
    }

    private static InstanceRecord.Nic nic(Cursor c) throws Unsure {
        String network = null;
        MacAddress mac = null;
        Optional<IpAddress> ip = null;
        Optional<IpAddress> ip6 = null;
        String tap = null;
        boolean dhcp = false;
        Set<String> seen = new HashSet<>();
        for (String field = c.firstField(); field != null; field = c.nextField()) {
            if (!seen.add(field)) {
                throw new Unsure();
            }
            switch (field) {
                case "network" -> network = c.stringOrNull();
                case "mac" -> mac = valueOr(c.stringOrNull(), MacAddress::of);
                case "ip" -> ip = Optional.ofNullable(valueOr(c.stringOrNull(), IpAddress::parse));
                case "ip6" -> ip6 = Optional.ofNullable(valueOr(c.stringOrNull(), IpAddress::parse));
                case "tap" -> tap = c.stringOrNull();
                case "dhcp" -> {
                    if (c.literal("true")) {
                        dhcp = true;
                    } else if (c.literal("false")) {
                        dhcp = false;
                    } else {
                        throw new Unsure(); // null or a string: the mapper's coercions decide
                    }
                }
                default -> throw new Unsure();
            }
        }
        return new InstanceRecord.Nic(network, mac, ip, ip6, tap, dhcp);
    }

    /**
     * An instant in the one form the store's mapper writes it ({@link Instant#toString}: a year of
     * four digits, seconds always, the fraction in groups of three digits, as few as it needs,
     * {@code Z}), read without {@code java.time}'s formatters, whose start is some 5 ms of a fresh
     * process (and {@code toString}'s as many again). Any other form is the mapper's.
     */
    static Instant writtenInstant(String s) throws Unsure {
        int n = s.length();
        if (n != 20 && n != 24 && n != 27 && n != 30 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z'
                || n > 20 && s.charAt(19) != '.') {
            throw new Unsure();
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int days = month < 1 || month > 12 ? 0 : month == 2 ? (leap ? 29 : 28)
                : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        if (day < 1 || day > days || hour > 23 || minute > 59 || second > 59) {
            throw new Unsure();
        }
        int fraction = n == 20 ? 0 : n - 21;
        int nanos = fraction == 0 ? 0 : digits(s, 20, fraction);
        for (int i = fraction; i < 9; i++) {
            nanos *= 10;
        }
        int written = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        if (written != fraction) {
            throw new Unsure(); // ".000" or ".100000": not what the mapper writes
        }
        // days since 1970-01-01 of the proleptic Gregorian calendar, counted in 400-year eras from 0000-03-01
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        long epochDay = era * 146_097L + dayOfEra - 719_468;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nanos);
    }

    private static int digits(String s, int from, int count) throws Unsure {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new Unsure();
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /** Null for null; the empty string, which the mapper may take as null for some types, is left to it. */
    private static <T> T valueOr(String text, Function<String, T> of) throws Unsure {
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            throw new Unsure();
        }
        return of.apply(text);
    }

    /**
     * JSON as the store writes it, read strictly: whitespace is JSON's four characters, a string
     * has no raw control character, a number is an {@code int} without sign, fraction, exponent
     * or leading zero. Anything else is {@link Unsure}, for the mapper to read or refuse.
     */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        private void skipSpace() {
            while (at < text.length()) {
                char ch = text.charAt(at);
                if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
                    return;
                }
                at++;
            }
        }

        boolean consume(char ch) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == ch) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char ch) throws Unsure {
            if (!consume(ch)) {
                throw new Unsure();
            }
        }

        /** Only whitespace is left. */
        void end() throws Unsure {
            skipSpace();
            if (at != text.length()) {
                throw new Unsure();
            }
        }

        /** After an object's {@code '{'}: its first member's name, or null for an empty object. */
        String firstField() throws Unsure {
            if (consume('}')) {
                return null;
            }
            return fieldName();
        }

        /** After a member's value: the next member's name, or null at the object's end. */
        String nextField() throws Unsure {
            if (consume(',')) {
                return fieldName();
            }
            expect('}');
            return null;
        }

        private String fieldName() throws Unsure {
            skipSpace();
            String name = string();
            expect(':');
            return name;
        }

        /** The word {@code word} ({@code null}, {@code true}, {@code false}) as a whole token. */
        boolean literal(String word) {
            skipSpace();
            if (!text.startsWith(word, at)) {
                return false;
            }
            int after = at + word.length();
            if (after < text.length() && Character.isLetterOrDigit(text.charAt(after))) {
                return false; // "nullx": not a token the mapper takes either
            }
            at = after;
            return true;
        }

        String stringOrNull() throws Unsure {
            if (literal("null")) {
                return null;
            }
            skipSpace();
            return string();
        }

        private String string() throws Unsure {
            if (at >= text.length() || text.charAt(at) != '"') {
                throw new Unsure();
            }
            at++;
            StringBuilder b = null;
            int from = at;
            while (at < text.length()) {
                char ch = text.charAt(at);
                if (ch == '"') {
                    String out = b == null ? text.substring(from, at) : b.append(text, from, at).toString();
                    at++;
                    return out;
                }
                if (ch < 0x20) {
                    throw new Unsure();
                }
                if (ch == '\\') {
                    if (b == null) {
                        b = new StringBuilder();
                    }
                    b.append(text, from, at);
                    b.append(escaped());
                    from = at;
                } else {
                    at++;
                }
            }
            throw new Unsure();
        }

        /** At a backslash: the character it stands for, {@code at} moved past the escape. */
        private char escaped() throws Unsure {
            if (at + 1 >= text.length()) {
                throw new Unsure();
            }
            char e = text.charAt(at + 1);
            at += 2;
            return switch (e) {
                case '"' -> '"';
                case '\\' -> '\\';
                case '/' -> '/';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new Unsure();
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(at + i), 16);
                        if (d < 0) {
                            throw new Unsure();
                        }
                        v = v * 16 + d;
                    }
                    at += 4;
                    yield (char) v;
                }
                default -> throw new Unsure();
            };
        }

        int intValue() throws Unsure {
            skipSpace();
            int from = at;
            long v = 0;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                v = v * 10 + (text.charAt(at) - '0');
                if (v > Integer.MAX_VALUE) {
                    throw new Unsure(); // a long: the mapper's to refuse
                }
                at++;
            }
            int digits = at - from;
            boolean more = at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e'
                    || text.charAt(at) == 'E' || Character.isLetterOrDigit(text.charAt(at)));
            if (digits == 0 || digits > 1 && text.charAt(from) == '0' || more) {
                throw new Unsure();
            }
            return (int) v;
        }
    }
}
