package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.value.Ipv4;

/**
 * A static route a NIC gets besides its default route, like {@code 169.254.169.254/32} via the
 * network's service address: on a network without a router the metadata address is reachable only
 * through such a route. IPv4 or IPv6; network and gateway are of the same family and in canonical
 * text.
 *
 * <pre>{@code
 * Route metadata = Route.of("169.254.169.254/32", "10.88.0.2");
 * }</pre>
 *
 * @param network the destination's network address (no host bits set)
 * @param prefix  the destination's prefix length, 1 to 32 (IPv4) or 1 to 128 (IPv6); a default
 *                route is the address setting's gateway, not a route here
 * @param gateway the next hop; {@link NicConfig} checks that it is on the NIC's subnet
 */
public record Route(String network, int prefix, String gateway) {

    public Route {
        String where = "route " + network + "/" + prefix;
        boolean v6 = IpLiterals.looksLikeIpv6(network);
        if (v6 != IpLiterals.looksLikeIpv6(gateway)) {
            throw new SpecException(where + " via " + gateway + ": the gateway is not of the destination's address family");
        }
        int max = v6 ? 128 : 32;
        if (prefix < 1 || prefix > max) {
            throw new SpecException(where + ": prefix /" + prefix + " is out of range: use /1 to /" + max
                    + " (a default route is the address's gateway)");
        }
        if (v6) {
            byte[] net = IpLiterals.ipv6(network, where + ": network");
            if (!java.util.Arrays.equals(masked(net, prefix), net)) {
                throw hostBits(where, IpLiterals.formatIpv6(masked(net, prefix)) + "/" + prefix);
            }
            network = IpLiterals.formatIpv6(net);
            byte[] gw = IpLiterals.ipv6(gateway, where + ": gateway");
            if (IpLiterals.isIpv6Special(gw)) {
                throw new SpecException(where + ": gateway " + gateway + " is unspecified, loopback or multicast");
            }
            gateway = IpLiterals.formatIpv6(gw);
        } else {
            int net = IpLiterals.ipv4(network, where + ": network");
            int masked = net & (-1 << (32 - prefix));
            if (masked != net) {
                throw hostBits(where, Ipv4.format(masked) + "/" + prefix);
            }
            network = Ipv4.format(net);
            gateway = Ipv4.format(IpLiterals.ipv4(gateway, where + ": gateway"));
        }
    }

    /** Parses {@code "169.254.169.254/32"} and a gateway address. */
    public static Route of(String destination, String gateway) {
        int slash = destination == null ? -1 : destination.indexOf('/');
        String digits = slash < 0 ? "" : destination.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            throw new SpecException("route '" + destination + "': write the destination as network/prefix");
        }
        return new Route(destination.substring(0, slash), Integer.parseInt(digits), gateway);
    }

    public boolean isIpv6() {
        return IpLiterals.looksLikeIpv6(network);
    }

    /** The destination's netmask as network_data.json writes it (dotted, or colon form for IPv6). */
    public String netmask() {
        return isIpv6() ? IpLiterals.formatIpv6(IpLiterals.ipv6Mask(prefix)) : Ipv4.format(-1 << (32 - prefix));
    }

    /** {@code network/prefix}. */
    public String destination() {
        return network + "/" + prefix;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] mask = IpLiterals.ipv6Mask(prefix);
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) (address[i] & mask[i]);
        }
        return out;
    }

    private static SpecException hostBits(String where, String fixed) {
        return new SpecException(where + ": the destination has host bits set: use " + fixed);
    }
}
