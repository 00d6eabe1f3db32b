package io.virtseed.core.lifecycle;

import io.virtseed.core.metadata.NicConfig;
import io.virtseed.core.metadata.Route;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The guest's view of its allocated NICs, for the metadata: a DHCP NIC carries its reservation
 * (EC2 {@code local-ipv4}); a static one its address, prefix, router and name servers. A static
 * NIC on a network with no router (isolated, bridged) routes through the network's service
 * address, which forwards nothing but answers 169.254.169.254.
 */
final class NicConfigs {

    private NicConfigs() {
    }

    static List<NicConfig> of(InstanceRecord record, Map<String, NetworkRecord> networks, List<NicSpec> specs) {
        List<NicConfig> out = new ArrayList<>();
        for (int i = 0; i < record.nics().size(); i++) {
            InstanceRecord.Nic nic = record.nics().get(i);
            NetworkRecord net = networks.get(nic.network());
            Optional<NicSpec> spec = i < specs.size() ? Optional.of(specs.get(i)) : Optional.empty();
            out.add(of(nic, net, spec));
        }
        return out;
    }

    private static NicConfig of(InstanceRecord.Nic nic, NetworkRecord net, Optional<NicSpec> spec) {
        int prefix = net.cidr().prefix();
        OptionalInt mtu = net.spec().mtu();
        String ip = nic.ip().map(IpAddress::text).orElseThrow();
        if (nic.dhcp()) {
            var v4 = new NicConfig.Ipv4Setting(ip, prefix, Optional.empty());
            NicConfig c = new NicConfig(nic.mac(), nic.network(), true, Optional.of(v4), Optional.empty(), List.of(), mtu);
            return nic.ip6().isPresent() && spec.flatMap(NicSpec::ip6).isEmpty() ? c.withSlaac() : c;
        }
        String service = net.serviceAddress().text();
        String gateway = spec.flatMap(NicSpec::gateway).orElse(net.spec().staticGateway().text());
        var v4 = new NicConfig.Ipv4Setting(ip, prefix, Optional.of(gateway));
        Optional<NicConfig.Ipv6Setting> v6 = nic.ip6().map(a -> new NicConfig.Ipv6Setting(a.text(), 64,
                spec.flatMap(NicSpec::gateway6)));
        List<String> dns = spec.map(NicSpec::dns).filter(d -> !d.isEmpty())
                .orElse(net.spec().dns().stream().map(IpAddress::text).toList());
        NicConfig c = new NicConfig(nic.mac(), nic.network(), false, Optional.of(v4), v6, dns, mtu);
        // the metadata address is behind the network's service address, whatever the default route
        return gateway.equals(service) ? c
                : c.withRoutes(List.of(Route.of(NetworkRecord.METADATA_V4.text() + "/32", service)));
    }
}
