package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4;

/**
 * Parsing and canonical formatting of IP address literals. IPv6 text goes through the JDK's
 * literal parser only after a character check: {@code InetAddress.getByName} treats a string
 * containing ':' and starting with a hex digit or ':' as a literal and never resolves it, so no
 * DNS lookup can happen here.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The IPv4 address as an int; the error names {@code field}. */
    static int ipv4(String text, String field) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SpecException(field + ": '" + text + "' is not an IPv4 address (use dotted decimal like 10.0.0.5)");
        }
    }

    /** The 16 bytes of an IPv6 literal (no zone id, no brackets); the error names {@code field}. */
    static byte[] ipv6(String text, String field) {
        try {
            return IpAddress.parseV6(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("IPv4-mapped")) {
                // ::ffff:a.b.c.d comes back as an IPv4 address: not usable as a guest IPv6 address
                throw new SpecException(field + ": '" + text + "' is an IPv4-mapped address, not an IPv6 address");
            }
            throw new SpecException(field + ": '" + text + "' is not an IPv6 address (use a literal like fd00:1::10)");
        }
    }

    /** True when {@code text} looks like an IPv6 literal (it has a colon); otherwise IPv4 is meant. */
    static boolean looksLikeIpv6(String text) {
        return text != null && text.indexOf(':') >= 0;
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run (2+) of zero groups as "::". */
    static String formatIpv6(byte[] a) {
        return IpAddress.ofV6(a).text();
    }

    /** The netmask of an IPv6 prefix length as 16 bytes. */
    static byte[] ipv6Mask(int prefix) {
        byte[] mask = new byte[16];
        for (int i = 0; i < 16; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            mask[i] = (byte) (0xff << (8 - bits));
        }
        return mask;
    }

    static boolean sameIpv6Prefix(byte[] a, byte[] b, int prefix) {
        byte[] mask = ipv6Mask(prefix);
        for (int i = 0; i < 16; i++) {
            if ((a[i] & mask[i]) != (b[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6LinkLocal(byte[] a) {
        return (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
    }

    /** Unspecified, loopback or multicast: never a host's own address or a router. */
    static boolean isIpv6Special(byte[] a) {
        boolean allZeroBut15 = true;
        for (int i = 0; i < 15; i++) {
            allZeroBut15 &= a[i] == 0;
        }
        return (allZeroBut15 && (a[15] == 0 || a[15] == 1)) || (a[0] & 0xff) == 0xff;
    }

    /** A DNS server address in canonical text, IPv4 or IPv6. */
    static String canonicalAddress(String text, String field) {
        if (looksLikeIpv6(text)) {
            byte[] a = ipv6(text, field);
            if (isIpv6Special(a)) {
                throw new SpecException(field + ": " + text + " is unspecified, loopback or multicast");
            }
            return formatIpv6(a);
        }
        return Ipv4.format(ipv4(text, field));
    }
}
