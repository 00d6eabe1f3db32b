package io.virtseed.core.spec;

import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A network as a user asks for it: a plan's {@code networks:} entry or {@code virtseed net create}.
 *
 * @param cidr   the IPv4 subnet; {@code .1} is the gateway (the host, in {@code nat}), {@code .2} the
 *               network's service address (DHCP, metadata) inside its namespace
 * @param cidr6  an optional /64; guests take addresses in it by SLAAC
 * @param bridge the existing host bridge a {@code bridged} network joins
 * @param dhcp   whether the network serves DHCP; always on for {@code isolated} and {@code nat}, on
 *               request for {@code bridged} (another DHCP server may own that segment)
 * @param mtu    link MTU handed to guests (DHCP option 26) and set on the bridge
 */
public record NetworkSpec(String name, Ipv4Cidr cidr, Optional<Ipv6Prefix> cidr6, NetworkMode mode,
        Optional<String> bridge, List<IpAddress> dns, Optional<String> domain, OptionalInt mtu, List<IpAddress> ntp,
        boolean dhcp) {

    /** Network names: what a user types; the host-side names derive from a short id instead. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    public NetworkSpec {
        checkName(name);
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(cidr6, "cidr6");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mtu, "mtu");
        if (cidr.prefix() > 29) {
            throw new IllegalArgumentException("network '" + name + "': " + cidr
                    + " is too small: the gateway and the service address need two addresses, guests the rest (use /29 or larger)");
        }
        if (mode == NetworkMode.BRIDGED && bridge.isEmpty()) {
            throw new IllegalArgumentException("network '" + name + "' is bridged but names no bridge (--bridge BR)");
        }
        if (mode != NetworkMode.BRIDGED && bridge.isPresent()) {
            throw new IllegalArgumentException("network '" + name + "': a bridge is only for mode bridged; "
                    + mode.name().toLowerCase(java.util.Locale.ROOT) + " networks make their own");
        }
        bridge.ifPresent(b -> {
            if (!BRIDGE.matcher(b).matches()) {
                throw new IllegalArgumentException("network '" + name + "': bridge name '" + b
                        + "' is not an interface name (1 to 15 characters A-Z, a-z, 0-9, '_', '.', '-')");
            }
        });
        domain.ifPresent(d -> {
            if (!DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException("network '" + name + "': domain '" + d
                        + "' is not a DNS domain (lower-case labels a-z, 0-9, '-', separated by dots)");
            }
        });
        mtu.ifPresent(m -> {
            int min = cidr6.isPresent() ? 1280 : 576;
            if (m < min || m > 9000) {
                throw new IllegalArgumentException("network '" + name + "': mtu " + m + " is out of range: use " + min
                        + " to 9000" + (min == 1280 ? " (IPv6 needs at least 1280)" : ""));
            }
        });
        dns = List.copyOf(dns);
        ntp = List.copyOf(ntp);
        if (mode != NetworkMode.BRIDGED && !dhcp) {
            throw new IllegalArgumentException("network '" + name + "': DHCP is always on for isolated and nat networks");
        }
    }

    /** {@code .1}: the host side of a {@code nat} network holds it; elsewhere reserved. */
    public IpAddress gatewayAddress() {
        return cidr.host(1);
    }

    /** The router guests are told about: the host for {@code nat}; none for isolated and bridged. */
    public Optional<IpAddress> router() {
        return mode == NetworkMode.NAT ? Optional.of(gatewayAddress()) : Optional.empty();
    }

    /** {@code .2}: the namespace's address, DHCP server and the metadata service's real address. */
    public IpAddress serviceAddress() {
        return cidr.host(2);
    }

    /** The default route of a static NIC: the router, or the service address where there is none. */
    public IpAddress staticGateway() {
        return router().orElse(serviceAddress());
    }

    /** Addresses no guest may take: network, gateway, service and broadcast. */
    public boolean reserved(IpAddress a) {
        int v = a.v4();
        int net = cidr.network();
        return v == net || v == net + 1 || v == net + 2 || v == cidr.broadcast();
    }

    /** A network with defaults for everything but the name, range and mode. */
    public static NetworkSpec of(String name, Ipv4Cidr cidr, NetworkMode mode) {
        return new NetworkSpec(name, cidr, Optional.empty(), mode, Optional.empty(), List.of(), Optional.empty(),
                OptionalInt.empty(), List.of(), true);
    }

    /** Checks a network name, with the rule in the message. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid network name '" + name
                    + "': use 1 to 31 characters a-z, 0-9 and '-', starting with a letter");
        }
        return name;
    }
}
