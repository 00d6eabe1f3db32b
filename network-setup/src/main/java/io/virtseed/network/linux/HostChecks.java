package io.virtseed.network.linux;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtseed.core.error.CommandException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.Ipv4;
import io.virtseed.core.value.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** What keeps this host from running a network, and the routes it has. */
final class HostChecks {

    private final CommandRunner runner;
    private final Kernel kernel;

    HostChecks(CommandRunner runner, Kernel kernel) {
        this.runner = runner;
        this.kernel = kernel;
    }

    List<String> problems(NetworkRecord net) {
        List<String> p = new ArrayList<>();
        if (version("ip", "-V").isEmpty()) {
            p.add("The 'ip' command is missing: install iproute2 (apt-get install iproute2).");
        }
        if (DnsmasqConfig.served(net) && version("dnsmasq", "--version").isEmpty()) {
            p.add("dnsmasq is missing, it serves the network's DHCP: install it (apt-get install dnsmasq-base).");
        }
        Optional<String> iptables = version("iptables", "--version");
        if (iptables.isEmpty()) {
            p.add("iptables is missing, it holds the network's metadata redirect and firewall: install it (apt-get install iptables).");
        } else {
            p.addAll(firewallProblems(net, backend(iptables.get())));
        }
        if (net.cidr6().isPresent()) {
            p.addAll(ipv6Problems(net));
        }
        if (net.mode() == NetworkMode.NAT && !kernel.sysctl("net/ipv4/ip_forward").orElse("0").equals("1")) {
            p.add("Network " + net.name() + " is nat but this host does not forward IPv4 (net.ipv4.ip_forward is 0): "
                    + "turn it on with 'sysctl -w net.ipv4.ip_forward=1' (and in /etc/sysctl.conf to keep it).");
        }
        if (net.mode() == NetworkMode.BRIDGED && !kernel.isBridge(net.bridge())) {
            p.add("Network " + net.name() + " joins bridge " + net.bridge() + ", which does not exist"
                    + (kernel.linkExists(net.bridge()) ? " as a bridge (the link is not one)" : "")
                    + ": create it ('ip link add " + net.bridge() + " type bridge') or name an existing bridge.");
        }
        return p;
    }

    /** iptables' backend as its version line names it: {@code nf_tables} or {@code legacy}. */
    static String backend(String versionLine) {
        return versionLine.contains("nf_tables") ? "nft" : versionLine.contains("legacy") ? "legacy" : "unknown";
    }

    private List<String> firewallProblems(NetworkRecord net, String backend) {
        CommandResult forward;
        try {
            forward = runner.run(Command.of("iptables", "-w", "-S", "FORWARD"));
        } catch (CommandException e) {
            String other = backend.equals("nft") ? "legacy" : "nft";
            return List.of("iptables (" + backend + " backend) cannot read the host's tables (" + e.stderrTail().strip()
                    + "): load its kernel support, or switch backend with 'update-alternatives --set iptables /usr/sbin/iptables-"
                    + other + "'.");
        }
        boolean bridgeFilter = kernel.sysctl("net/bridge/bridge-nf-call-iptables").filter("1"::equals).isPresent();
        boolean dropping = forward.stdout().lines().anyMatch(l -> l.strip().equals("-P FORWARD DROP"));
        // our own bridges get an accept of their own traffic; a bridge we join does not
        if (net.mode() == NetworkMode.BRIDGED && bridgeFilter && dropping) {
            return List.of("Frames crossing bridge " + net.bridge() + " pass the host's iptables (bridge-nf-call-iptables is 1) "
                    + "and its FORWARD policy drops them, so guests would get no DHCP or metadata: accept bridged traffic with "
                    + "'iptables -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT', or stop filtering bridged frames with "
                    + "'sysctl -w net.bridge.bridge-nf-call-iptables=0'.");
        }
        return List.of();
    }

    /**
     * A /64 needs ip6tables in the namespace (the metadata redirect), and its router advertisements
     * cross the bridge through the host's ip6tables FORWARD when br_netfilter hands it IPv6 frames;
     * we add no IPv6 rules on the host, so a dropping policy there is the host's to open.
     */
    private List<String> ipv6Problems(NetworkRecord net) {
        CommandResult forward;
        try {
            forward = runner.run(Command.of("ip6tables", "-w", "-S", "FORWARD"));
        } catch (CommandException e) {
            return List.of("Network " + net.name() + " has an IPv6 prefix but ip6tables does not work here (" + e.getMessage()
                    + "): install iptables (apt-get install iptables), which brings ip6tables.");
        }
        boolean bridgeFilter = kernel.sysctl("net/bridge/bridge-nf-call-ip6tables").filter("1"::equals).isPresent();
        if (bridgeFilter && forward.stdout().lines().anyMatch(l -> l.strip().equals("-P FORWARD DROP"))) {
            return List.of("IPv6 frames crossing bridge " + net.bridge() + " pass the host's ip6tables (bridge-nf-call-ip6tables is 1) "
                    + "and its FORWARD policy drops them, so guests would get no router advertisement: accept bridged traffic with "
                    + "'ip6tables -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT', or stop filtering bridged frames with "
                    + "'sysctl -w net.bridge.bridge-nf-call-ip6tables=0'.");
        }
        return List.of();
    }

    private Optional<String> version(String... argv) {
        try {
            CommandResult r = runner.run(Command.of(argv).allowing(0, 1, 2));
            return Optional.of((r.stdout() + r.stderr()).strip());
        } catch (CommandException e) {
            return Optional.empty();
        }
    }

    /**
     * The host's IPv4 routes, all tables. A route narrower than a /30 counts as its /30 (every
     * network is a /29 or wider, so it overlaps the /30 exactly when it holds the route); default
     * routes and others wider than a /8 say nothing about a more specific network and are left out.
     */
    List<Ipv4Cidr> routes() {
        JsonNode all = HostLinks.parse(runner.run(Command.of("ip", "-j", "-4", "route", "show", "table", "all")).stdout());
        TreeSet<Ipv4Cidr> out = new TreeSet<>((a, b) -> a.network() != b.network()
                ? Integer.compareUnsigned(a.network(), b.network()) : Integer.compare(a.prefix(), b.prefix()));
        for (JsonNode r : all) {
            toCidr(r.path("dst").asText("")).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    static Optional<Ipv4Cidr> toCidr(String dst) {
        if (dst.isEmpty() || dst.equals("default") || dst.indexOf(':') >= 0) {
            return Optional.empty();
        }
        int slash = dst.indexOf('/');
        int prefix = slash < 0 ? 32 : Integer.parseInt(dst.substring(slash + 1));
        if (prefix < 8) {
            return Optional.empty();
        }
        int p = Math.min(prefix, 30);
        int mask = -1 << (32 - p);
        return Optional.of(new Ipv4Cidr(Ipv4.parse(slash < 0 ? dst : dst.substring(0, slash)) & mask, p));
    }
}
