package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The NICs as OpenStack {@code network_data.json} and as network config version 2 (NoCloud).
 *
 * <p>network_data.json follows nova: one {@code phy} link per NIC ({@code interfaceN}) carrying the
 * exact MAC, an {@code ipv4_dhcp} or static {@code ipv4} network per NIC and a static {@code ipv6}
 * one when set, default routes in {@code routes} (no {@code gateway} key), and DNS both per network
 * (read by cloudbase-init and newer cloud-init) and in the top-level {@code services}, the only
 * place cloud-init 22.4 reads it.
 */
final class NetworkDocuments {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NetworkDocuments() {
    }

    /** A stable UUID per virtseed network name, as network_data.json wants a network id. */
    static UUID networkId(String network) {
        return UUID.nameUUIDFromBytes(("virtseed-network:" + network).getBytes(StandardCharsets.UTF_8));
    }

    /** A stable port id per instance and MAC ({@code vif_id}). */
    static UUID vifId(InstanceMetadata md, NicConfig nic) {
        return UUID.nameUUIDFromBytes(("virtseed-port:" + md.uuid() + "/" + nic.mac()).getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode networkData(InstanceMetadata md) {
        ObjectNode root = F.objectNode();
        ArrayNode links = root.putArray("links");
        ArrayNode networks = root.putArray("networks");
        List<String> allDns = new ArrayList<>();
        List<NicConfig> nics = md.nics();
        for (int i = 0; i < nics.size(); i++) {
            NicConfig nic = nics.get(i);
            String linkId = "interface" + i;
            ObjectNode link = links.addObject().put("id", linkId).put("vif_id", vifId(md, nic).toString())
                    .put("type", "phy").put("ethernet_mac_address", nic.mac().value());
            if (nic.mtu().isPresent()) {
                link.put("mtu", nic.mtu().getAsInt());
            } else {
                link.putNull("mtu");
            }
            String networkId = networkId(nic.network()).toString();
            if (nic.dhcp()) {
                network(networks, linkId, networkId, "ipv4_dhcp");
            } else {
                nic.ipv4().ifPresent(v4 -> ipv4(network(networks, linkId, networkId, "ipv4"), v4, nic));
            }
            nic.ipv6().ifPresent(v6 -> ipv6(network(networks, linkId, networkId, "ipv6"), v6, nic));
            if (nic.slaac()) {
                // the guest forms its own address from the advertised /64: nothing else to tell it
                network(networks, linkId, networkId, "ipv6_slaac");
            }
            nic.dns().stream().filter(d -> !allDns.contains(d)).forEach(allDns::add);
        }
        ArrayNode services = root.putArray("services");
        allDns.forEach(d -> services.addObject().put("type", "dns").put("address", d));
        return root;
    }

    private static ObjectNode network(ArrayNode networks, String linkId, String networkId, String type) {
        String id = "network" + networks.size();
        return networks.addObject().put("id", id).put("type", type).put("link", linkId).put("network_id", networkId);
    }

    private static void ipv4(ObjectNode n, NicConfig.Ipv4Setting v4, NicConfig nic) {
        n.put("ip_address", v4.address()).put("netmask", v4.netmask());
        ArrayNode routes = n.putArray("routes");
        v4.gateway().ifPresent(gw -> routes.addObject().put("network", "0.0.0.0").put("netmask", "0.0.0.0")
                .put("gateway", gw));
        extraRoutes(routes, nic, false);
        dnsServices(n, nic, false);
    }

    private static void ipv6(ObjectNode n, NicConfig.Ipv6Setting v6, NicConfig nic) {
        n.put("ip_address", v6.address()).put("netmask", v6.netmask());
        ArrayNode routes = n.putArray("routes");
        v6.gateway().ifPresent(gw -> routes.addObject().put("network", "::").put("netmask", "::").put("gateway", gw));
        extraRoutes(routes, nic, true);
        dnsServices(n, nic, true);
    }

    /** The NIC's extra routes of one family, in nova's route form (also what network config v1 takes). */
    private static void extraRoutes(ArrayNode routes, NicConfig nic, boolean v6) {
        nic.routes().stream().filter(r -> r.isIpv6() == v6).forEach(r -> routes.addObject()
                .put("network", r.network()).put("netmask", r.netmask()).put("gateway", r.gateway()));
    }

    /** Per-network DNS of the network's own family (the schema types the address by family). */
    private static void dnsServices(ObjectNode n, NicConfig nic, boolean v6) {
        ArrayNode services = n.putArray("services");
        nic.dns().stream().filter(d -> IpLiterals.looksLikeIpv6(d) == v6)
                .forEach(d -> services.addObject().put("type", "dns").put("address", d));
    }

    /**
     * Network config version 1 for NoCloud. Each NIC is named {@code ethN} and matched by MAC:
     * cloud-init renames the guest's interface to that name before it writes the distribution's
     * files, which is what makes the names in those files real on every renderer (ENI, sysconfig,
     * netplan). Version 2 without {@code set-name} renders ENI and sysconfig files for names the
     * guest does not have, and 22.4's ENI renderer mangles v2 per-interface name servers.
     */
    static ObjectNode networkConfigV1(InstanceMetadata md) {
        ObjectNode root = F.objectNode();
        root.put("version", 1);
        ArrayNode config = root.putArray("config");
        List<NicConfig> nics = md.nics();
        List<String> dns = new java.util.ArrayList<>();
        for (int i = 0; i < nics.size(); i++) {
            NicConfig nic = nics.get(i);
            ObjectNode phy = config.addObject().put("type", "physical").put("name", "eth" + i)
                    .put("mac_address", nic.mac().value());
            nic.mtu().ifPresent(m -> phy.put("mtu", m));
            ArrayNode subnets = phy.putArray("subnets");
            if (nic.dhcp()) {
                subnets.addObject().put("type", "dhcp4");
            } else {
                nic.ipv4().ifPresent(v4 -> {
                    ObjectNode sn = subnets.addObject().put("type", "static").put("address", v4.address() + "/"
                            + v4.prefix());
                    v4.gateway().ifPresent(gw -> sn.put("gateway", gw));
                    if (nic.routes().stream().anyMatch(r -> !r.isIpv6())) {
                        extraRoutes(sn.putArray("routes"), nic, false);
                    }
                });
            }
            nic.ipv6().ifPresent(v6 -> {
                ObjectNode sn = subnets.addObject().put("type", "static6").put("address", v6.address() + "/"
                        + v6.prefix());
                v6.gateway().ifPresent(gw -> sn.put("gateway", gw));
                if (nic.routes().stream().anyMatch(Route::isIpv6)) {
                    extraRoutes(sn.putArray("routes"), nic, true);
                }
            });
            if (nic.slaac()) {
                subnets.addObject().put("type", "ipv6_slaac");
            }
            nic.dns().stream().filter(d -> !dns.contains(d)).forEach(dns::add);
        }
        if (!dns.isEmpty()) {
            ArrayNode servers = config.addObject().put("type", "nameserver").putArray("address");
            dns.forEach(servers::add);
        }
        return root;
    }
}
