package io.virtseed.core.state;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Address management: MACs unique across every instance of the state folder, IPv4 addresses
 * unique per network, SLAAC IPv6 addresses that follow from the MAC, and tap names. It decides
 * from the records alone, so it is correct across processes as long as the caller holds the
 * state lock from allocation until the new record is saved.
 *
 * <pre>{@code
 * try (var lock = store.lock()) {
 *     List<InstanceRecord.Nic> nics = ipam.allocate(name, uuid, spec.networks(), networks, store.list());
 *     store.save(record.withNics(nics));
 * }
 * }</pre>
 */
public final class Ipam {

    private final RandomGenerator random;

    public Ipam(RandomGenerator random) {
        this.random = random;
    }

    /**
     * The NICs of a new instance. Requested MACs and addresses are checked against every other
     * instance (the error names who holds them); the rest are drawn.
     *
     * @param others every other instance of the state folder
     */
    public List<InstanceRecord.Nic> allocate(InstanceName name, UUID uuid, List<NicSpec> nics,
            Map<String, NetworkRecord> networks, List<InstanceRecord> others) {
        Map<MacAddress, String> macOwners = new HashMap<>();
        Map<String, String> ipOwners = new HashMap<>(); // "network/ip" -> instance
        for (InstanceRecord r : others) {
            if (r.name().equals(name.value())) {
                continue;
            }
            for (InstanceRecord.Nic n : r.nics()) {
                macOwners.put(n.mac(), r.name());
                n.ip().ifPresent(ip -> ipOwners.put(n.network() + "/" + ip, r.name()));
            }
        }
        Set<MacAddress> mine = new HashSet<>();
        List<InstanceRecord.Nic> out = new ArrayList<>();
        for (int i = 0; i < nics.size(); i++) {
            NicSpec spec = nics.get(i);
            String where = "instance " + name + ", networks[" + i + "]";
            NetworkRecord net = Optional.ofNullable(networks.get(spec.network())).orElseThrow(() ->
                    new SpecException(where + ": network '" + spec.network() + "' does not exist"));
            MacAddress mac = spec.mac().map(m -> checkMac(where, m, macOwners, mine)).orElseGet(() -> freshMac(macOwners, mine));
            IpAddress ip = spec.ip().map(text -> requested(where, net, text, ipOwners))
                    .orElseGet(() -> nextFree(net, ipOwners));
            ipOwners.put(net.name() + "/" + ip, name.value());
            Optional<IpAddress> ip6 = spec.ip6().map(t -> IpAddress.parse(t.substring(0, t.indexOf('/'))))
                    .or(() -> net.cidr6().map(p -> p.slaac(mac)));
            out.add(new InstanceRecord.Nic(net.name(), mac, Optional.of(ip), ip6, tapName(uuid, i), spec.dhcp()));
        }
        return out;
    }

    /** {@code vs} + the first 8 hex digits of the instance uuid + the NIC index: 11 characters. */
    public static String tapName(UUID uuid, int index) {
        if (index < 0 || index > 99) {
            throw new IllegalArgumentException("NIC index " + index + " is out of range");
        }
        return "vs" + uuid.toString().substring(0, 8) + index;
    }

    private static MacAddress checkMac(String where, MacAddress m, Map<MacAddress, String> owners, Set<MacAddress> mine) {
        if (owners.containsKey(m)) {
            throw new SpecException(where + ": MAC " + m + " is already used by instance " + owners.get(m));
        }
        if (!mine.add(m)) {
            throw new SpecException(where + ": MAC " + m + " is given to two NICs of this instance");
        }
        return m;
    }

    private MacAddress freshMac(Map<MacAddress, String> owners, Set<MacAddress> mine) {
        for (int tries = 0; tries < 10_000; tries++) {
            MacAddress m = MacAddress.random(random);
            if (!owners.containsKey(m) && mine.add(m)) {
                return m;
            }
        }
        throw new StateException("no free MAC address found in 52:54:00:xx:xx:xx after 10000 draws");
    }

    private static IpAddress requested(String where, NetworkRecord net, String text, Map<String, String> owners) {
        int slash = text.indexOf('/');
        IpAddress ip;
        try {
            ip = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new SpecException(where + ": " + e.getMessage(), e);
        }
        Ipv4Cidr cidr = net.cidr();
        if (ip.isV6() || !cidr.isHost(ip.v4())) {
            throw new SpecException(where + ": " + text + " is not a host address of network '" + net.name() + "' ("
                    + cidr + ")");
        }
        if (slash >= 0 && !text.substring(slash + 1).equals(String.valueOf(cidr.prefix()))) {
            throw new SpecException(where + ": " + text + " has another prefix than network '" + net.name() + "' ("
                    + cidr + ")");
        }
        if (net.reserved(ip)) {
            throw new SpecException(where + ": " + ip + " is reserved on network '" + net.name()
                    + "' (.1 is the gateway, .2 the network's service address); pick another");
        }
        String owner = owners.get(net.name() + "/" + ip);
        if (owner != null) {
            throw new SpecException(where + ": " + ip + " on network '" + net.name() + "' is already used by instance "
                    + owner);
        }
        return ip;
    }

    /** The lowest free address from {@code .10} (from {@code .3} on networks too small for that). */
    static IpAddress nextFree(NetworkRecord net, Map<String, String> owners) {
        Ipv4Cidr cidr = net.cidr();
        int size = cidr.broadcast() - cidr.network();
        int first = cidr.network() + (size >= 32 ? 10 : 3);
        for (int a = first; a < cidr.broadcast(); a++) {
            IpAddress ip = IpAddress.ofV4(a);
            if (!owners.containsKey(net.name() + "/" + ip)) {
                return ip;
            }
        }
        throw new StateException("network '" + net.name() + "' (" + cidr + ") has no free address from "
                + Ipv4.format(first) + ": remove an instance or use a larger network");
    }

    /** A fresh 6-hex-digit network id not in {@code taken}. */
    public String networkId(Set<String> taken) {
        for (int tries = 0; tries < 1000; tries++) {
            byte[] b = new byte[3];
            random.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!taken.contains(id)) {
                return id;
            }
        }
        throw new StateException("no free network id after 1000 draws");
    }
}
