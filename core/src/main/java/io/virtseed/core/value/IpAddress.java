package io.virtseed.core.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One IP address, v4 or v6, held in canonical text (dotted decimal; RFC 5952 for IPv6), so equal
 * addresses are equal values and render to equal bytes. Parsing accepts literals only: the text is
 * checked character by character before the JDK's literal parser sees it, so no name is ever
 * looked up.
 *
 * <pre>{@code IpAddress a = IpAddress.parse("fd00:88::0a"); // fd00:88::a}</pre>
 */
public record IpAddress(String text) implements Comparable<IpAddress> {

    public IpAddress {
        text = canonical(text);
    }

    @JsonCreator
    public static IpAddress parse(String text) {
        return new IpAddress(text);
    }

    public static IpAddress ofV4(int address) {
        return new IpAddress(Ipv4.format(address));
    }

    public static IpAddress ofV6(byte[] sixteen) {
        if (sixteen.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + sixteen.length);
        }
        return new IpAddress(formatV6(sixteen));
    }

    public boolean isV6() {
        return text.indexOf(':') >= 0;
    }

    /** The IPv4 address as an int; only for IPv4. */
    public int v4() {
        if (isV6()) {
            throw new IllegalStateException(text + " is not an IPv4 address");
        }
        return Ipv4.parse(text);
    }

    /** 4 or 16 bytes, network order. */
    public byte[] bytes() {
        if (!isV6()) {
            int v = v4();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        return parseV6(text);
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (isV6() != o.isV6()) {
            return isV6() ? 1 : -1;
        }
        return Arrays.compareUnsigned(bytes(), o.bytes());
    }

    private static String canonical(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an IP address is required");
        }
        if (text.indexOf(':') < 0) {
            return Ipv4.format(Ipv4.parse(text));
        }
        return formatV6(parseV6(text));
    }

    /** The 16 bytes of an IPv6 literal (no zone, no brackets). */
    public static byte[] parseV6(String text) {
        String bad = "invalid IPv6 address '" + text + "': use a literal like fd00:1::10";
        if (text.length() < 2 || text.length() > 45) {
            throw new IllegalArgumentException(bad);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                throw new IllegalArgumentException(bad);
            }
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(bad, e);
        }
        if (!(parsed instanceof Inet6Address)) {
            // ::ffff:a.b.c.d comes back as IPv4: not an IPv6 address a guest can hold
            throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped address, not an IPv6 address");
        }
        return parsed.getAddress();
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run (2+) of zero groups as "::". */
    static String formatV6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
