package io.virtseed.core.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An IPv4 network in CIDR form, {@code 10.88.0.0/24}. The address part must be the network
 * address (host bits zero).
 */
public record Ipv4Cidr(int network, int prefix) {

    public Ipv4Cidr {
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range: use /8 to /30");
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(Ipv4.format(network) + "/" + prefix
                    + " has host bits set: the network address is " + Ipv4.format(network & mask(prefix)));
        }
    }

    @JsonCreator
    public static Ipv4Cidr parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR '" + text + "': use address/prefix, like 10.88.0.0/24");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR '" + text + "': the prefix is not a number");
        }
        return new Ipv4Cidr(Ipv4.parse(text.substring(0, slash)), prefix);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int netmask() {
        return mask(prefix);
    }

    public String netmaskText() {
        return Ipv4.format(mask(prefix));
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    /** True for an address usable by a host: inside, not the network nor the broadcast address. */
    public boolean isHost(int address) {
        return contains(address) && address != network && address != broadcast();
    }

    public int broadcast() {
        return network | ~mask(prefix);
    }

    /** The first host address, by convention the gateway / service address of the network. */
    public int firstHost() {
        return network + 1;
    }

    /** The address {@code n} places after the network address. */
    public IpAddress host(int n) {
        return IpAddress.ofV4(network + n);
    }

    public boolean overlaps(Ipv4Cidr o) {
        int m = mask(Math.min(prefix, o.prefix));
        return (network & m) == (o.network & m);
    }

    @JsonValue
    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
