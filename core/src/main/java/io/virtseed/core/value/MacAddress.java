package io.virtseed.core.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** A unicast Ethernet address, kept in lower-case colon form ({@code 52:54:00:12:34:56}). */
public record MacAddress(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public MacAddress {
        value = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid MAC address '" + value + "': use six hex pairs like 52:54:00:12:34:56");
        }
        if ((Integer.parseInt(value.substring(0, 2), 16) & 1) != 0) {
            throw new IllegalArgumentException("MAC address " + value + " is multicast: the first octet must be even");
        }
    }

    @JsonCreator
    public static MacAddress of(String value) {
        return new MacAddress(value);
    }

    /** A random address in QEMU's locally administered 52:54:00 range. */
    public static MacAddress random(RandomGenerator random) {
        byte[] tail = new byte[3];
        for (int i = 0; i < 3; i++) {
            tail[i] = (byte) random.nextInt(256);
        }
        return new MacAddress("52:54:00:" + HexFormat.ofDelimiter(":").formatHex(tail));
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
