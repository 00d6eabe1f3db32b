package io.virtseed.network.linux;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.StateMark;
import io.virtseed.core.state.NetworkRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Inside a network's namespace: {@code lo} and the veth end up, the service address, the metadata
 * addresses, no forwarding, and the DNAT of 169.254.169.254:80 to the metadata port. The namespace
 * is ours alone, so its nat table is replaced whole when it differs from what it should be.
 */
final class NamespaceSetup {

    private final CommandRunner runner;

    NamespaceSetup(CommandRunner runner) {
        this.runner = runner;
    }

    /** Brings the namespace to its state; {@code fresh} says it was just made and holds nothing. */
    void ensure(NetworkRecord net, OptionalInt mtu, boolean fresh, StateMark mark) {
        List<String> links = fresh ? links(net, mtu, new LinkState(Set.of(), false, -1, false, Set.of()), mark)
                : links(net, mtu, read(net, mark), mark);
        if (!links.isEmpty()) {
            runner.run(Command.of("ip", "-n", net.namespace(), "-batch", "-").withStdin(IpBatch.bytes(links)));
        }
        ensureSysctls(net, fresh);
        ensureNat(net, fresh);
    }

    /** What the namespace's links hold now. */
    private record LinkState(Set<String> addresses, boolean vethUp, int vethMtu, boolean loUp, Set<String> marked) {
    }

    private LinkState read(NetworkRecord net, StateMark mark) {
        // -d: the details hold each link's alias, the namespace's mark
        JsonNode all = HostLinks.parse(runner.run(Command.of("ip", "-d", "-j", "address", "show").inNetns(net.namespace())).stdout());
        Set<String> marked = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        boolean vethUp = false;
        boolean loUp = false;
        int mtu = -1;
        for (JsonNode link : all) {
            boolean up = false;
            for (JsonNode f : link.path("flags")) {
                up |= "UP".equals(f.asText());
            }
            String name = link.path("ifname").asText();
            if (mark.value().equals(link.path("ifalias").asText())) {
                marked.add(name);
            }
            if (name.equals("lo")) {
                loUp = up;
            } else if (name.equals(net.vethNamespace())) {
                vethUp = up;
                mtu = link.path("mtu").asInt(-1);
                for (JsonNode a : link.path("addr_info")) {
                    addresses.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
                }
            }
        }
        return new LinkState(addresses, vethUp, mtu, loUp, marked);
    }

    /** The addresses the namespace end holds, as {@code ip -j} shows them. */
    static List<String> addresses(NetworkRecord net) {
        List<String> a = new ArrayList<>();
        a.add(net.serviceAddress() + "/" + net.cidr().prefix());
        a.add(NetworkRecord.METADATA_V4 + "/32");
        net.serviceAddress6().ifPresent(v6 -> {
            a.add(v6 + "/64");
            a.add(NetworkRecord.METADATA_V6 + "/64");
        });
        return a;
    }

    private static List<String> links(NetworkRecord net, OptionalInt mtu, LinkState now, StateMark mark) {
        String vn = net.vethNamespace();
        List<String> lines = new ArrayList<>();
        // the namespace's mark for 'reap': a namespace has no alias of its own, its links do
        for (String link : List.of("lo", vn)) {
            if (!now.marked().contains(link)) {
                lines.add("link set " + link + " alias " + mark.value());
            }
        }
        if (!now.loUp()) {
            lines.add("link set lo up");
        }
        for (String a : addresses(net)) {
            if (!now.addresses().contains(a)) {
                // nodad: our addresses are unique by construction, and a tentative one cannot be bound
                lines.add("address add " + a + " dev " + vn + (a.indexOf(':') >= 0 ? " nodad" : ""));
            }
        }
        mtu.ifPresent(m -> {
            if (now.vethMtu() != m) {
                lines.add("link set " + vn + " mtu " + m);
            }
        });
        if (!now.vethUp()) {
            lines.add("link set " + vn + " up");
        }
        return lines;
    }

    /** The namespace routes nothing onward and takes no router advertisements from guests. */
    static List<String> sysctls(NetworkRecord net) {
        return List.of("net.ipv4.ip_forward=0", "net.ipv6.conf.all.forwarding=0",
                "net.ipv6.conf." + net.vethNamespace() + ".accept_ra=0");
    }

    private void ensureSysctls(NetworkRecord net, boolean fresh) {
        List<String> wanted = sysctls(net);
        if (!fresh) {
            List<String> keys = new ArrayList<>(List.of("sysctl", "-e", "-n"));
            wanted.forEach(w -> keys.add(w.substring(0, w.indexOf('='))));
            String out = runner.run(Command.of(keys).inNetns(net.namespace())).stdout();
            if (out.lines().map(String::strip).allMatch("0"::equals)) {
                return;
            }
        }
        List<String> set = new ArrayList<>(List.of("sysctl", "-e", "-q", "-w"));
        set.addAll(wanted);
        runner.run(Command.of(set).inNetns(net.namespace()));
    }

    /** The nat table's rules, as {@code iptables-save} prints them. */
    static List<String> natRules(NetworkRecord net) {
        return metadataRules(net, NetworkRecord.METADATA_V4 + "/32", net.serviceAddress() + ":" + NetworkRecord.METADATA_PORT);
    }

    /** The IPv6 nat table's rules: fe80::a9fe:a9fe:80 to the service address {@code [PREFIX::2]:8775}. */
    static List<String> natRules6(NetworkRecord net) {
        return net.serviceAddress6().map(s -> metadataRules(net, NetworkRecord.METADATA_V6 + "/128",
                "[" + s + "]:" + NetworkRecord.METADATA_PORT)).orElse(List.of());
    }

    private static List<String> metadataRules(NetworkRecord net, String metadata, String target) {
        String chain = net.chainPrefix() + "-META";
        return List.of("-A PREROUTING -j " + chain,
                "-A " + chain + " -d " + metadata + " -p tcp -m tcp --dport 80 -j DNAT --to-destination " + target);
    }

    private void ensureNat(NetworkRecord net, boolean fresh) {
        ensureNat(net, fresh, "iptables", natRules(net));
        if (net.cidr6().isPresent()) {
            ensureNat(net, fresh, "ip6tables", natRules6(net));
        }
    }

    /** Replaces the namespace's nat table with these rules unless it holds exactly them. */
    private void ensureNat(NetworkRecord net, boolean fresh, String iptables, List<String> rules) {
        if (!fresh) {
            String saved = runner.run(Command.of(iptables + "-save", "-t", "nat").inNetns(net.namespace())).stdout();
            if (IptablesSave.parse(saved).rules("nat").equals(rules)) {
                return;
            }
        }
        List<String> table = new ArrayList<>(List.of("*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]", ":" + net.chainPrefix() + "-META - [0:0]"));
        table.addAll(rules);
        table.add("COMMIT");
        runner.run(Command.of(iptables + "-restore", "-w").withStdin(IpBatch.bytes(table)).inNetns(net.namespace()));
    }
}
