package io.virtseed.network.linux;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.ports.StateMark;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Networks made of Linux parts, driven by {@code ip}, {@code iptables}, {@code sysctl} and
 * {@code dnsmasq} through a {@link CommandRunner}: a bridge, a namespace {@code vs-ID} on it through
 * a veth pair, holding the service address {@code .2} and 169.254.169.254, a DNAT of metadata
 * requests to {@code .2:8775}, dnsmasq serving static DHCP (and router advertisements for a /64)
 * inside it, and for {@code nat} the gateway {@code .1} on the bridge with masquerading. With a /64
 * the namespace also holds {@code PREFIX::2} and fe80::a9fe:a9fe, whose port 80 goes to
 * {@code [PREFIX::2]:8775}.
 *
 * <pre>{@code
 * var networks = new LinuxNetworkProvisioner(new ProcessCommandRunner());
 * networks.ensure(new NetworkContext(record, dir), hosts);
 * }</pre>
 *
 * Each piece is checked before it is made, mostly by reading sysfs, so ensuring a healthy network
 * runs a handful of read-only commands and changes nothing.
 */
public final class LinuxNetworkProvisioner implements NetworkProvisioner {

    private final HostLinks links;
    private final NamespaceSetup namespace;
    private final HostFirewall firewall;
    private final Dnsmasq dnsmasq;
    private final HostChecks checks;
    private final HostStrays strays;

    /** On this host, with dnsmasq dropping to its own user where the host has one. */
    public LinuxNetworkProvisioner(CommandRunner runner) {
        this(runner, HostPaths.SYSTEM, defaultDhcpUser());
    }

    /**
     * @param dhcpUser the user dnsmasq drops to once started, and owner of the reservations it re-reads
     */
    public LinuxNetworkProvisioner(CommandRunner runner, HostPaths paths, String dhcpUser) {
        Objects.requireNonNull(runner, "runner");
        Kernel kernel = new Kernel(paths);
        this.links = new HostLinks(runner, kernel);
        this.namespace = new NamespaceSetup(runner);
        this.firewall = new HostFirewall(runner);
        this.dnsmasq = new Dnsmasq(runner, kernel, dhcpUser);
        this.checks = new HostChecks(runner, kernel);
        this.strays = new HostStrays(runner, kernel);
    }

    /** Debian's dnsmasq user when there is one (its own, unlike {@code nobody}), else {@code nobody}. */
    static String defaultDhcpUser() {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("dnsmasq");
            return "dnsmasq";
        } catch (IOException e) {
            return "nobody";
        }
    }

    @Override
    public List<String> hostProblems(NetworkContext network) {
        return checks.problems(network.record());
    }

    @Override
    public void ensure(NetworkContext network, List<DhcpHost> hosts) {
        NetworkRecord net = network.record();
        StateMark mark = network.mark();
        boolean freshNamespace = links.ensure(net, mark);
        if (freshNamespace) {
            // a dnsmasq still running ours belongs to a namespace that is gone: it serves nobody
            dnsmasq.stop(network);
        }
        namespace.ensure(net, links.vethMtu(net), freshNamespace, mark);
        firewall.ensure(net, mark);
        if (DnsmasqConfig.served(net)) {
            dnsmasq.ensure(network, DnsmasqConfig.hostsFile(hosts));
        } else {
            dnsmasq.remove(network);
        }
    }

    @Override
    public void remove(NetworkContext network) {
        NetworkRecord net = network.record();
        // first: a process left in the namespace would keep it alive after 'ip netns del'
        dnsmasq.remove(network);
        firewall.remove(net);
        links.remove(net);
    }

    @Override
    public void addHost(NetworkContext network, DhcpHost host) {
        if (!DnsmasqConfig.served(network.record())) {
            return; // a bridged network without DHCP: another server owns the segment's addresses
        }
        if (dnsmasq.find(network).isEmpty()) {
            throw new ProvisionException("reserve " + host.ip() + " on " + network.record().name(), "network "
                    + network.record().name() + " is not up (no DHCP server runs for it): ensure it first", null);
        }
        Map<String, String> now = new LinkedHashMap<>(dnsmasq.reservations(network));
        now.put(host.mac().value(), host.mac().value() + "," + host.ip());
        dnsmasq.rewriteHosts(network, DnsmasqConfig.joinHosts(now.values()));
    }

    @Override
    public void removeHost(NetworkContext network, MacAddress mac) {
        if (!DnsmasqConfig.served(network.record())) {
            return;
        }
        Map<String, String> now = new LinkedHashMap<>(dnsmasq.reservations(network));
        String line = now.remove(mac.value());
        if (line != null) {
            dnsmasq.rewriteHosts(network, DnsmasqConfig.joinHosts(now.values()));
            dnsmasq.release(network, mac.value(), line.substring(line.indexOf(',') + 1));
        }
    }

    @Override
    public List<Ipv4Cidr> hostRoutes() {
        return checks.routes();
    }

    @Override
    public List<HostObject> hostObjects(Path stateRoot) {
        return strays.find(stateRoot);
    }

    @Override
    public void removeStrays(Path stateRoot, Set<String> liveIds) {
        strays.remove(stateRoot, liveIds);
    }

    /** The reservations the network's DHCP server is serving now, by MAC. */
    public Map<MacAddress, IpAddress> reservations(NetworkContext network) {
        Map<MacAddress, IpAddress> out = new LinkedHashMap<>();
        dnsmasq.reservations(network).forEach((mac, line) ->
                out.put(MacAddress.of(mac), IpAddress.parse(line.substring(line.indexOf(',') + 1))));
        return out;
    }

    /** The pid of the network's dnsmasq, if one runs. */
    public OptionalLong dhcpServerPid(NetworkContext network) {
        return dnsmasq.find(network).map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
