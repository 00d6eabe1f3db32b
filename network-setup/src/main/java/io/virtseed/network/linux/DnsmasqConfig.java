package io.virtseed.network.linux;

import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The files a network's dnsmasq runs with, all in the network's folder: the configuration (read once,
 * as root, at start) and the reservations (re-read on SIGHUP, after dnsmasq has dropped to its user).
 * dnsmasq serves DHCP only: no DNS ({@code port=0}), nothing from {@code /etc}.
 */
record DnsmasqConfig(Path dir) {

    static final String LEASE_TIME = "1h";

    Path conf() {
        return dir.resolve("dnsmasq.conf");
    }

    Path hosts() {
        return dir.resolve("dhcp-hosts");
    }

    Path leases() {
        return dir.resolve("dnsmasq.leases");
    }

    Path pidFile() {
        return dir.resolve("dnsmasq.pid");
    }

    Path log() {
        return dir.resolve("dnsmasq.log");
    }

    /** Every file dnsmasq and we put in the folder (temp files of atomic writes aside). */
    List<Path> files() {
        return List.of(conf(), hosts(), leases(), pidFile(), log());
    }

    /** What identifies our dnsmasq among processes: this argument in its command line. */
    String confArgument() {
        return "--conf-file=" + conf();
    }

    String render(NetworkRecord net, String user) {
        NetworkSpec spec = net.spec();
        List<String> c = new ArrayList<>();
        c.add("# dnsmasq for virtseed network " + net.name() + " (" + net.id() + "): rewritten by virtseed, edits are lost");
        c.addAll(List.of("port=0", "interface=" + net.vethNamespace(), "bind-interfaces", "no-resolv", "no-hosts",
                "user=" + user, "pid-file=" + pidFile(), "dhcp-leasefile=" + leases(), "log-facility=" + log(),
                "log-dhcp", "dhcp-hostsfile=" + hosts()));
        if (net.ownsBridge()) {
            // the segment is ours: answer a guest asking for a stale address at once instead of ignoring it
            c.add("dhcp-authoritative");
        }
        c.add("dhcp-range=" + ipv4(net.cidr().network()) + ",static," + net.cidr().netmaskText() + "," + LEASE_TIME);
        c.addAll(options(net));
        net.cidr6().ifPresent(p -> {
            c.add("enable-ra");
            c.add("dhcp-range=::,constructor:" + net.vethNamespace() + ",ra-stateless,64," + LEASE_TIME);
            // router lifetime 0: guests take the prefix by SLAAC but no default route, IPv6 has no way out
            c.add("ra-param=" + net.vethNamespace() + "," + spec.mtu().stream().mapToObj(m -> "mtu:" + m + ",")
                    .collect(Collectors.joining()) + "60,0");
        });
        return String.join("\n", c) + "\n";
    }

    private static List<String> options(NetworkRecord net) {
        NetworkSpec spec = net.spec();
        List<String> o = new ArrayList<>();
        String routes = NetworkRecord.METADATA_V4 + "/32," + net.serviceAddress()
                + net.router().map(r -> ",0.0.0.0/0," + r).orElse("");
        // RFC 3442: a client that takes option 121 ignores option 3, so the default route is repeated here
        o.add("dhcp-option=option:classless-static-route," + routes);
        // without a value dnsmasq sends no router, where by default it would name itself
        o.add("dhcp-option=option:router" + net.router().map(r -> "," + r).orElse(""));
        List<IpAddress> dns4 = only(spec.dns(), a -> !a.isV6());
        if (!dns4.isEmpty()) {
            o.add("dhcp-option=option:dns-server," + join(dns4));
        }
        List<IpAddress> dns6 = only(spec.dns(), IpAddress::isV6);
        if (!dns6.isEmpty() && net.cidr6().isPresent()) {
            o.add("dhcp-option=option6:dns-server," + dns6.stream().map(a -> "[" + a + "]").collect(Collectors.joining(",")));
        }
        spec.domain().ifPresent(d -> {
            o.add("domain=" + d);
            o.add("dhcp-option=option:domain-search," + d);
        });
        spec.mtu().ifPresent(m -> o.add("dhcp-option=option:mtu," + m));
        List<IpAddress> ntp4 = only(spec.ntp(), a -> !a.isV6());
        if (!ntp4.isEmpty()) {
            o.add("dhcp-option=option:ntp-server," + join(ntp4));
        }
        return o;
    }

    /** The reservations file: one {@code MAC,IP} line per host, sorted so equal sets give equal bytes. */
    static String hostsFile(Collection<DhcpHost> hosts) {
        Map<String, String> byMac = new TreeMap<>();
        for (DhcpHost h : hosts) {
            byMac.put(h.mac().value(), h.mac().value() + "," + h.ip());
        }
        return joinHosts(byMac.values());
    }

    /** Reservation lines as a file, in MAC order. */
    static String joinHosts(Collection<String> lines) {
        return lines.stream().sorted().map(l -> l + "\n").collect(Collectors.joining());
    }

    /** The reservations a hosts file holds, by MAC. */
    static Map<String, String> parseHosts(String text) {
        Map<String, String> byMac = new TreeMap<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
            int comma = l.indexOf(',');
            byMac.put(comma < 0 ? l : l.substring(0, comma), l);
        });
        return byMac;
    }

    private static List<IpAddress> only(List<IpAddress> all, Predicate<IpAddress> keep) {
        return all.stream().filter(keep).toList();
    }

    private static String join(List<IpAddress> as) {
        return as.stream().map(IpAddress::toString).collect(Collectors.joining(","));
    }

    private static String ipv4(int a) {
        return IpAddress.ofV4(a).toString();
    }

    static boolean served(NetworkRecord net) {
        return net.mode() != NetworkMode.BRIDGED || net.spec().dhcp();
    }
}
