package io.virtseed.core.lifecycle;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.metadata.NicConfig;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4;
import io.virtseed.core.value.MacAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns the NICs a spec asks for into resolved NIC configs: a MAC for each (generated in
 * 52:54:00 when not given), and static addresses completed from their network (prefix,
 * gateway = the network's first host, DNS).
 */
public final class NicPlanner {

    private final RandomGenerator random;

    public NicPlanner(RandomGenerator random) {
        this.random = random;
    }

    public List<NicConfig> plan(List<NicSpec> nics, Map<String, NetworkSpec> networks) {
        List<NicConfig> out = new ArrayList<>();
        Set<MacAddress> macs = new HashSet<>();
        nics.forEach(n -> n.mac().ifPresent(macs::add));
        for (int i = 0; i < nics.size(); i++) {
            NicSpec n = nics.get(i);
            MacAddress mac = n.mac().orElseGet(() -> fresh(macs));
            Optional<NetworkSpec> net = Optional.ofNullable(networks.get(n.network()));
            int index = i;
            Optional<NicConfig.Ipv4Setting> v4 = n.ip().flatMap(ip -> ipv4(index, n, ip, net));
            Optional<NicConfig.Ipv6Setting> v6 = n.ip6().map(ip -> NicConfig.Ipv6Setting.of(ip, n.gateway6().orElse(null)));
            List<String> dns = !n.dns().isEmpty() ? n.dns() : net.map(x -> x.dns().stream().map(IpAddress::text).toList()).orElse(List.of());
            out.add(new NicConfig(mac, n.network(), n.dhcp(), v4, v6, n.dhcp() ? List.of() : dns, OptionalInt.empty()));
        }
        return out;
    }

    private Optional<NicConfig.Ipv4Setting> ipv4(int index, NicSpec n, String ip, Optional<NetworkSpec> net) {
        String withPrefix = ip;
        if (!ip.contains("/")) {
            if (net.isEmpty()) {
                if (n.dhcp()) {
                    return Optional.empty(); // a reservation without a known subnet: DHCP decides
                }
                throw new SpecException("networks[" + index + "]: static ip " + ip + " needs a prefix (like " + ip
                        + "/24) because network '" + n.network() + "' is not declared in this spec");
            }
            withPrefix = ip + "/" + net.get().cidr().prefix();
        }
        String gateway = n.dhcp() ? null
                : n.gateway().orElse(net.map(x -> Ipv4.format(x.cidr().firstHost())).orElse(null));
        return Optional.of(NicConfig.Ipv4Setting.of(withPrefix, gateway));
    }

    private MacAddress fresh(Set<MacAddress> taken) {
        MacAddress m;
        do {
            m = MacAddress.random(random);
        } while (!taken.add(m));
        return m;
    }
}
