package io.virtseed.core.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A /64 IPv6 prefix, {@code fd00:88::/64}. Guests form their addresses from it by SLAAC with the
 * modified EUI-64 of their MAC, so an address follows from a MAC without any allocation, and the
 * host can tell which guest a source address belongs to.
 */
public record Ipv6Prefix(IpAddress network, int length) {

    public static final int SLAAC_LENGTH = 64;

    public Ipv6Prefix {
        if (!network.isV6()) {
            throw new IllegalArgumentException(network + " is not an IPv6 prefix");
        }
        if (length != SLAAC_LENGTH) {
            throw new IllegalArgumentException("IPv6 prefix /" + length + " is not supported: use a /64 (what SLAAC needs)");
        }
        byte[] b = network.bytes();
        for (int i = 8; i < 16; i++) {
            if (b[i] != 0) {
                throw new IllegalArgumentException(network + "/" + length + " has host bits set: use the /64's network address");
            }
        }
        if ((b[0] & 0xff) == 0xff || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
            throw new IllegalArgumentException(network + "/" + length + " is a multicast or link-local prefix");
        }
    }

    @JsonCreator
    public static Ipv6Prefix parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid IPv6 prefix '" + text + "': use address/64, like fd00:88::/64");
        }
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid IPv6 prefix '" + text + "': the length is not a number", e);
        }
        return new Ipv6Prefix(IpAddress.parse(text.substring(0, slash)), len);
    }

    /** The address with this prefix and the given interface identifier (the low 64 bits). */
    public IpAddress withHost(long interfaceId) {
        byte[] b = network.bytes();
        for (int i = 0; i < 8; i++) {
            b[15 - i] = (byte) (interfaceId >>> (8 * i));
        }
        return IpAddress.ofV6(b);
    }

    /** What a guest with this MAC takes by SLAAC: the prefix and the MAC's modified EUI-64. */
    public IpAddress slaac(MacAddress mac) {
        return withHost(eui64(mac));
    }

    /** The link-local address a guest with this MAC forms (fe80::/64 and the modified EUI-64). */
    public static IpAddress linkLocal(MacAddress mac) {
        byte[] b = new byte[16];
        b[0] = (byte) 0xfe;
        b[1] = (byte) 0x80;
        long id = eui64(mac);
        for (int i = 0; i < 8; i++) {
            b[15 - i] = (byte) (id >>> (8 * i));
        }
        return IpAddress.ofV6(b);
    }

    /** Modified EUI-64 (RFC 4291 appendix A): ff:fe in the middle, the universal/local bit flipped. */
    static long eui64(MacAddress mac) {
        String[] p = mac.value().split(":");
        long id = 0;
        int[] o = new int[6];
        for (int i = 0; i < 6; i++) {
            o[i] = Integer.parseInt(p[i], 16);
        }
        int[] bytes = {o[0] ^ 0x02, o[1], o[2], 0xff, 0xfe, o[3], o[4], o[5]};
        for (int v : bytes) {
            id = (id << 8) | v;
        }
        return id;
    }

    @JsonValue
    @Override
    public String toString() {
        return network + "/" + length;
    }
}
