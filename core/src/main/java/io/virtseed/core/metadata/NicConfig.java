package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.value.Ipv4;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One guest NIC as resolved for one instance: its MAC, the network it joins and how it gets its
 * addresses. Addresses are kept in canonical text (dotted IPv4, RFC 5952 IPv6), so equal configs
 * render to equal bytes.
 *
 * <p>With {@code dhcp} true the guest asks DHCP for IPv4; an {@code ipv4} then is the address the
 * DHCP server reserves for this MAC (it becomes EC2 {@code local-ipv4}), and a gateway is not
 * allowed (DHCP supplies the router). With {@code dhcp} false the IPv4 and/or IPv6 settings are
 * written as static configuration.
 *
 * <pre>{@code
 * NicConfig nic = NicConfig.staticNic(MacAddress.of("52:54:00:00:00:0a"), "lab",
 *         NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1"), List.of("10.88.0.1"));
 * }</pre>
 *
 * @param mac     the guest NIC's MAC; cloud-init matches network config to NICs by it
 * @param network the virtseed network name
 * @param dhcp    true: DHCPv4 on this NIC
 * @param ipv4    static IPv4 (or the DHCP reservation when {@code dhcp})
 * @param ipv6    static IPv6, independent of {@code dhcp}
 * @param dns     name servers, IPv4 or IPv6
 * @param mtu     link MTU; empty: leave it to DHCP or the default
 * @param slaac   true: the guest takes its IPv6 address from router advertisements (the network's
 *                /64); excludes a static {@code ipv6}
 * @param routes  static routes besides the default ones, each through a gateway on the subnet of
 *                the NIC's static address of that family
 */
public record NicConfig(MacAddress mac, String network, boolean dhcp, Optional<Ipv4Setting> ipv4,
        Optional<Ipv6Setting> ipv6, List<String> dns, OptionalInt mtu, boolean slaac, List<Route> routes) {

    public NicConfig {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(mtu, "mtu");
        String where = "nic " + mac;
        if (network == null || !NetworkSpec.NAME.matcher(network).matches()) {
            throw new SpecException(where + ": network name '" + network
                    + "' is invalid: use 1 to 31 characters a-z, 0-9 and '-', starting with a letter");
        }
        if (dhcp && ipv4.flatMap(Ipv4Setting::gateway).isPresent()) {
            throw new SpecException(where + ": a gateway is only for a static NIC; with dhcp the DHCP server supplies the router");
        }
        if (slaac && ipv6.isPresent()) {
            throw new SpecException(where + ": IPv6 is either static or SLAAC, not both");
        }
        if (!dhcp && ipv4.isEmpty() && ipv6.isEmpty()) {
            throw new SpecException(where + ": a static NIC (dhcp: false) needs an IPv4 or IPv6 address");
        }
        routes = List.copyOf(routes);
        for (Route r : routes) {
            checkRoute(where, r, dhcp ? Optional.empty() : ipv4, ipv6);
        }
        List<String> servers = new ArrayList<>();
        for (String s : Objects.requireNonNull(dns, "dns")) {
            String canonical = IpLiterals.canonicalAddress(s, where + ": dns server");
            if (!servers.contains(canonical)) {
                servers.add(canonical);
            }
        }
        dns = List.copyOf(servers);
        if (mtu.isPresent()) {
            int min = ipv6.isPresent() || slaac ? 1280 : 68;
            if (mtu.getAsInt() < min || mtu.getAsInt() > 65535) {
                throw new SpecException(where + ": mtu " + mtu.getAsInt() + " is out of range: use " + min
                        + " to 65535" + (min == 1280 ? " (IPv6 needs at least 1280)" : ""));
            }
        }
    }

    /** Without SLAAC and extra routes: the form callers used before those existed. */
    public NicConfig(MacAddress mac, String network, boolean dhcp, Optional<Ipv4Setting> ipv4,
            Optional<Ipv6Setting> ipv6, List<String> dns, OptionalInt mtu) {
        this(mac, network, dhcp, ipv4, ipv6, dns, mtu, false, List.of());
    }

    /** A NIC that takes its IPv4 configuration from DHCP. */
    public static NicConfig dhcp(MacAddress mac, String network) {
        return new NicConfig(mac, network, true, Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty());
    }

    /** The same NIC taking its IPv6 address by SLAAC (a network with a /64). */
    public NicConfig withSlaac() {
        return new NicConfig(mac, network, dhcp, ipv4, ipv6, dns, mtu, true, routes);
    }

    /** The same NIC with these extra static routes (replacing any it had). */
    public NicConfig withRoutes(List<Route> newRoutes) {
        return new NicConfig(mac, network, dhcp, ipv4, ipv6, dns, mtu, slaac, newRoutes);
    }

    /** A NIC with a static IPv4 configuration. */
    public static NicConfig staticNic(MacAddress mac, String network, Ipv4Setting ipv4, List<String> dns) {
        return new NicConfig(mac, network, false, Optional.of(ipv4), Optional.empty(), dns, OptionalInt.empty());
    }

    public NicConfig withIpv6(Ipv6Setting setting) {
        return new NicConfig(mac, network, dhcp, ipv4, Optional.of(setting), dns, mtu, slaac, routes);
    }

    public NicConfig withMtu(int newMtu) {
        return new NicConfig(mac, network, dhcp, ipv4, ipv6, dns, OptionalInt.of(newMtu), slaac, routes);
    }

    /** True when anything on this NIC is configured statically (written as network config). */
    public boolean hasStaticAddress() {
        return (!dhcp && ipv4.isPresent()) || ipv6.isPresent();
    }

    /**
     * An IPv4 address with its prefix length and an optional default gateway.
     *
     * @param address dotted decimal, a host address of its subnet (not network, not broadcast)
     * @param prefix  8 to 30
     * @param gateway a host address of the same subnet, not the address itself
     */
    public record Ipv4Setting(String address, int prefix, Optional<String> gateway) {

        public Ipv4Setting {
            Objects.requireNonNull(gateway, "gateway");
            int addr = IpLiterals.ipv4(address, "ipv4 address");
            if (prefix < 8 || prefix > 30) {
                throw new SpecException("ipv4 address " + address + "/" + prefix + ": prefix /" + prefix
                        + " is out of range: use /8 to /30");
            }
            Ipv4Cidr subnet = new Ipv4Cidr(addr & maskOf(prefix), prefix);
            if (!subnet.isHost(addr)) {
                throw new SpecException("ipv4 address " + Ipv4.format(addr) + " is the "
                        + (addr == subnet.network() ? "network" : "broadcast") + " address of " + subnet
                        + ": use a host address inside the subnet");
            }
            address = Ipv4.format(addr);
            if (gateway.isPresent()) {
                int gw = IpLiterals.ipv4(gateway.get(), "ipv4 gateway");
                if (!subnet.isHost(gw) || gw == addr) {
                    throw new SpecException("ipv4 gateway " + Ipv4.format(gw) + " is not usable for " + address + "/"
                            + prefix + ": it must be a host address of " + subnet + " other than the NIC's own");
                }
                gateway = Optional.of(Ipv4.format(gw));
            }
        }

        /** Parses {@code "10.88.0.10/24"} with an optional gateway ({@code null} or empty for none). */
        public static Ipv4Setting of(String addressWithPrefix, String gateway) {
            String[] parts = splitPrefix(addressWithPrefix, "ipv4 address");
            return new Ipv4Setting(parts[0], parsePrefix(parts[1], addressWithPrefix, "ipv4 address"),
                    Optional.ofNullable(gateway).filter(g -> !g.isEmpty()));
        }

        /** The subnet, like {@code 10.88.0.0/24}. */
        public Ipv4Cidr subnet() {
            return new Ipv4Cidr(Ipv4.parse(address) & maskOf(prefix), prefix);
        }

        public String netmask() {
            return Ipv4.format(maskOf(prefix));
        }

        private static int maskOf(int prefix) {
            return -1 << (32 - prefix);
        }
    }

    /**
     * A static IPv6 address with its prefix length and an optional default gateway.
     *
     * @param address RFC 5952 text; not unspecified, loopback, multicast or link-local
     * @param prefix  1 to 128
     * @param gateway link-local (what routers advertise) or inside the prefix
     */
    public record Ipv6Setting(String address, int prefix, Optional<String> gateway) {

        public Ipv6Setting {
            Objects.requireNonNull(gateway, "gateway");
            byte[] addr = IpLiterals.ipv6(address, "ipv6 address");
            if (prefix < 1 || prefix > 128) {
                throw new SpecException("ipv6 address " + address + "/" + prefix + ": prefix /" + prefix
                        + " is out of range: use /1 to /128");
            }
            if (IpLiterals.isIpv6Special(addr) || IpLiterals.isIpv6LinkLocal(addr)) {
                throw new SpecException("ipv6 address " + address
                        + " is unspecified, loopback, multicast or link-local: use a global or unique-local address");
            }
            address = IpLiterals.formatIpv6(addr);
            if (gateway.isPresent()) {
                byte[] gw = IpLiterals.ipv6(gateway.get(), "ipv6 gateway");
                boolean usable = !IpLiterals.isIpv6Special(gw) && !java.util.Arrays.equals(gw, addr)
                        && (IpLiterals.isIpv6LinkLocal(gw) || IpLiterals.sameIpv6Prefix(gw, addr, prefix));
                if (!usable) {
                    throw new SpecException("ipv6 gateway " + gateway.get() + " is not usable for " + address + "/"
                            + prefix + ": use a link-local router address or one inside the prefix");
                }
                gateway = Optional.of(IpLiterals.formatIpv6(gw));
            }
        }

        /** Parses {@code "fd00:88::10/64"} with an optional gateway ({@code null} or empty for none). */
        public static Ipv6Setting of(String addressWithPrefix, String gateway) {
            String[] parts = splitPrefix(addressWithPrefix, "ipv6 address");
            return new Ipv6Setting(parts[0], parsePrefix(parts[1], addressWithPrefix, "ipv6 address"),
                    Optional.ofNullable(gateway).filter(g -> !g.isEmpty()));
        }

        /** The netmask in colon form, as network_data.json wants it ({@code ffff:ffff:ffff:ffff::}). */
        public String netmask() {
            return IpLiterals.formatIpv6(IpLiterals.ipv6Mask(prefix));
        }
    }

    /** A route needs a static address of its family, with the gateway on that subnet. */
    private static void checkRoute(String where, Route r, Optional<Ipv4Setting> v4, Optional<Ipv6Setting> v6) {
        String route = where + ": route " + r.destination() + " via " + r.gateway();
        if (r.isIpv6()) {
            Ipv6Setting s = v6.orElseThrow(() -> new SpecException(route
                    + " needs a static IPv6 address on the NIC (with SLAAC the router advertises routes)"));
            byte[] gw = IpLiterals.ipv6(r.gateway(), route);
            byte[] own = IpLiterals.ipv6(s.address(), route);
            if (java.util.Arrays.equals(gw, own)
                    || !(IpLiterals.isIpv6LinkLocal(gw) || IpLiterals.sameIpv6Prefix(gw, own, s.prefix()))) {
                throw new SpecException(route + ": the gateway must be link-local or inside " + s.address() + "/"
                        + s.prefix() + " and not the NIC's own address");
            }
        } else {
            Ipv4Setting s = v4.orElseThrow(() -> new SpecException(route
                    + " needs a static IPv4 address on the NIC (with DHCP the DHCP server supplies routes)"));
            int gw = IpLiterals.ipv4(r.gateway(), route);
            if (!s.subnet().isHost(gw) || r.gateway().equals(s.address())) {
                throw new SpecException(route + ": the gateway must be a host address of " + s.subnet()
                        + " other than the NIC's own");
            }
        }
    }

    private static String[] splitPrefix(String text, String field) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new SpecException(field + " '" + text + "' has no prefix length: write it as address/prefix");
        }
        return new String[] {text.substring(0, slash), text.substring(slash + 1)};
    }

    private static int parsePrefix(String digits, String whole, String field) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
            throw new SpecException(field + " '" + whole + "': the prefix length is not a number");
        }
        return Integer.parseInt(digits);
    }
}
