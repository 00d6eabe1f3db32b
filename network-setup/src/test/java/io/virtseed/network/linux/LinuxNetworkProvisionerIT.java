package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import io.virtseed.core.value.MacAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real networks on this host, with namespaces as guests: a real DHCP client gets its reservation and
 * options, metadata requests reach the service address with the guest's own source address, nat
 * reaches the host, isolated does not, and removing leaves nothing behind.
 */
class LinuxNetworkProvisionerIT {

    private static final MacAddress MAC_A = MacAddress.of("52:54:00:e1:00:10");
    private static final MacAddress MAC_B = MacAddress.of("52:54:00:e1:00:11");

    @TempDir
    Path temp;

    private final LinuxNetworkProvisioner networks = new LinuxNetworkProvisioner(TestHost.RUNNER);
    private final List<NetworkContext> made = new ArrayList<>();
    private final List<GuestNamespace> guests = new ArrayList<>();

    @BeforeEach
    void host() {
        TestHost.require();
    }

    @AfterEach
    void removeEverything() {
        guests.forEach(GuestNamespace::close);
        made.forEach(networks::remove);
    }

    private NetworkContext network(NetworkSpec spec) throws Exception {
        NetworkContext n = TestHost.context(spec, temp);
        made.add(n);
        return n;
    }

    private GuestNamespace guest(NetworkContext n, MacAddress mac) throws Exception {
        GuestNamespace g = GuestNamespace.plug(n.record().bridge(), mac, temp);
        guests.add(g);
        return g;
    }

    private static DhcpHost host(NetworkContext n, MacAddress mac, int last) {
        return new DhcpHost(mac, n.record().cidr().host(last), "vs-guest-" + last);
    }

    @Test
    void aGuestGetsItsReservationTheMetadataRouteAndTheNetworksOptions() throws Exception {
        Ipv4Cidr cidr = TestHost.freeCidr();
        NetworkSpec spec = new NetworkSpec("vs-opts", cidr, Optional.empty(), NetworkMode.ISOLATED, Optional.empty(),
                List.of(cidr.host(53)), Optional.of("guests.test"), OptionalInt.of(1400), List.of(cidr.host(123)), true);
        NetworkContext n = network(spec);
        networks.ensure(n, List.of(host(n, MAC_A, 10)));

        Map<String, String> offer = guest(n, MAC_A).dhcp();

        String svc = n.record().serviceAddress().toString();
        assertThat(offer).containsEntry("ip", cidr.host(10).toString()).containsEntry("mask", "24")
                .containsEntry("serverid", svc).containsEntry("staticroutes", "169.254.169.254/32 " + svc)
                .containsEntry("dns", cidr.host(53).toString()).containsEntry("domain", "guests.test")
                .containsEntry("search", "guests.test").containsEntry("mtu", "1400")
                .containsEntry("ntpsrv", cidr.host(123).toString());
        assertThat(offer).doesNotContainKey("router");
        // the bridge carries the MTU and no address of the host's, not even a link-local one
        NetworkRecord r = n.record();
        assertThat(Files.readString(Path.of("/sys/class/net", r.bridge(), "mtu")).strip()).isEqualTo("1400");
        assertThat(TestHost.run("ip", "-o", "address", "show", "dev", r.bridge())).isBlank();
        assertThat(TestHost.run("ip", "-n", r.namespace(), "-o", "link", "show", r.vethNamespace())).contains("mtu 1400");
    }

    @Test
    void natHandsOutTheGatewayInBothRouterAndClasslessRoutes() throws Exception {
        NetworkContext n = network(NetworkSpec.of("vs-natopt", TestHost.freeCidr(), NetworkMode.NAT));
        networks.ensure(n, List.of(host(n, MAC_A, 10)));

        Map<String, String> offer = guest(n, MAC_A).dhcp();

        String gw = n.record().gatewayAddress().toString();
        assertThat(offer).containsEntry("router", gw)
                .containsEntry("staticroutes", "169.254.169.254/32 " + n.record().serviceAddress() + " 0.0.0.0/0 " + gw);
    }

    @Test
    void metadataRequestsReachTheServiceAddressFromTheGuestsOwnAddress() throws Exception {
        NetworkContext n = network(NetworkSpec.of("vs-meta", TestHost.freeCidr(), NetworkMode.ISOLATED));
        NetworkRecord r = n.record();
        networks.ensure(n, List.of(host(n, MAC_A, 10)));
        GuestNamespace g = guest(n, MAC_A);
        Map<String, String> offer = g.dhcp();
        g.configure(offer.get("ip") + "/24", List.of("169.254.169.254/32 via " + r.serviceAddress()));

        try (var md = new NamespaceListener(r.namespace(), r.serviceAddress().toString(), NetworkRecord.METADATA_PORT)) {
            assertThat(g.connects("169.254.169.254", 80)).isTrue();
            assertThat(md.peer()).isEqualTo(r.cidr().host(10).toString());
        }
    }

    @Test
    void aHostAddedLaterIsServedByTheSameDhcpServer() throws Exception {
        NetworkContext n = network(NetworkSpec.of("vs-hot", TestHost.freeCidr(), NetworkMode.ISOLATED));
        networks.ensure(n, List.of(host(n, MAC_A, 10)));
        long pid = networks.dhcpServerPid(n).orElseThrow();

        networks.addHost(n, host(n, MAC_B, 11));
        assertThat(guest(n, MAC_B).dhcp()).containsEntry("ip", n.record().cidr().host(11).toString());
        networks.removeHost(n, MAC_A);

        assertThat(networks.dhcpServerPid(n)).hasValue(pid);
        assertThat(networks.reservations(n)).containsOnlyKeys(MAC_B);
        // dnsmasq dropped root: it re-read its hosts as its own user, and still wrote the lease it gave
        assertThat(Files.getOwner(n.dir().resolve("dhcp-hosts")).getName()).isNotEqualTo("root");
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "status"))).doesNotContainPattern("(?m)^Uid:\\s+0\\s");
        assertThat(Files.readString(n.dir().resolve("dnsmasq.leases"))).contains(MAC_B.value());
        // what holds MACs and addresses is its owner's alone (dnsmasq makes its log 0660, group root)
        for (String f : List.of("dnsmasq.conf", "dhcp-hosts", "dnsmasq.leases", "dnsmasq.log")) {
            assertThat(Files.getPosixFilePermissions(n.dir().resolve(f))).as(f)
                    .doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
            assertThat(Files.readAttributes(n.dir().resolve(f), PosixFileAttributes.class).group().getName()).isEqualTo("root");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(n.dir()))).isEqualTo("rwx-----x");
    }

    /**
     * down then up of a guest within the lease's hour: the new guest has a new MAC and is given the
     * address its predecessor had. dnsmasq refuses a reserved address that is still leased to
     * another MAC, so removing a reservation must free the lease as well.
     */
    @Test
    void anAddressFreedByARemovedHostGoesToTheNextMacAtOnce() throws Exception {
        NetworkContext n = network(NetworkSpec.of("vs-reuse", TestHost.freeCidr(), NetworkMode.ISOLATED));
        String ip = n.record().cidr().host(10).toString();
        networks.ensure(n, List.of(host(n, MAC_A, 10)));
        try (GuestNamespace first = GuestNamespace.plug(n.record().bridge(), MAC_A, temp)) {
            assertThat(first.dhcp()).containsEntry("ip", ip);
        }
        assertThat(Files.readString(n.dir().resolve("dnsmasq.leases"))).contains(MAC_A.value());

        networks.removeHost(n, MAC_A);
        networks.addHost(n, host(n, MAC_B, 10));

        assertThat(guest(n, MAC_B).dhcp()).containsEntry("ip", ip);
        assertThat(Files.readString(n.dir().resolve("dnsmasq.leases"))).doesNotContain(MAC_A.value())
                .contains(MAC_B.value());
    }

    @Test
    void behindAFolderClosedToItsUserDnsmasqKeepsRootAndStillRereadsItsHosts() throws Exception {
        NetworkContext n = network(NetworkSpec.of("vs-closed", TestHost.freeCidr(), NetworkMode.ISOLATED));
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        networks.ensure(n, List.of(host(n, MAC_A, 10)));
        long pid = networks.dhcpServerPid(n).orElseThrow();

        networks.addHost(n, host(n, MAC_B, 11));

        assertThat(guest(n, MAC_B).dhcp()).containsEntry("ip", n.record().cidr().host(11).toString());
        assertThat(networks.dhcpServerPid(n)).hasValue(pid);
        assertThat(Files.readString(n.dir().resolve("dnsmasq.conf"))).contains("\nuser=root\n");
    }

    @Test
    void natReachesTheHostAndIsolatedDoesNot() throws Exception {
        String forwarding = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        try {
            NetworkContext nat = network(NetworkSpec.of("vs-nat", TestHost.freeCidr(), NetworkMode.NAT));
            NetworkContext iso = network(NetworkSpec.of("vs-iso", TestHost.freeCidr(), NetworkMode.ISOLATED));
            networks.ensure(nat, List.of(host(nat, MAC_A, 10)));
            networks.ensure(iso, List.of(host(iso, MAC_B, 10)));
            GuestNamespace inNat = guest(nat, MAC_A);
            GuestNamespace inIso = guest(iso, MAC_B);
            inNat.configure(inNat.dhcp().get("ip") + "/24", List.of("default via " + nat.record().gatewayAddress()));
            // the isolated guest tries its hardest: a default route through the namespace
            inIso.configure(inIso.dhcp().get("ip") + "/24", List.of("default via " + iso.record().serviceAddress()));

            IpAddress gw = nat.record().gatewayAddress();
            try (var server = new ServerSocket(0, 5, InetAddress.getByName(gw.toString()))) {
                CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept()) {
                        return s.getInetAddress().getHostAddress();
                    } catch (Exception e) {
                        return "none: " + e;
                    }
                });
                assertThat(inNat.connects(gw.toString(), server.getLocalPort())).isTrue();
                assertThat(peer.get(5, TimeUnit.SECONDS)).isEqualTo(nat.record().cidr().host(10).toString());
                assertThat(inIso.connects(gw.toString(), server.getLocalPort())).isFalse();
                assertThat(inIso.connects(iso.record().gatewayAddress().toString(), server.getLocalPort())).isFalse();
            }
        } finally {
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), forwarding);
        }
    }

    @Test
    void guestsOfAnIpv6NetworkTakeTheirSlaacAddress() throws Exception {
        Ipv6Prefix prefix = Ipv6Prefix.parse("fd00:250:" + TestHost.newId().substring(2) + "::/64");
        NetworkSpec spec = new NetworkSpec("vs-six", TestHost.freeCidr(), Optional.of(prefix), NetworkMode.ISOLATED,
                Optional.empty(), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), true);
        NetworkContext n = network(spec);
        networks.ensure(n, List.of(host(n, MAC_A, 10)));
        GuestNamespace g = guest(n, MAC_A);

        String want = prefix.slaac(MAC_A).toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String addrs = "";
        // until the address is there and duplicate address detection is done (a tentative address is no source)
        while (System.nanoTime() < deadline && (!addrs.contains(want + "/64") || addrs.contains("tentative"))) {
            Thread.sleep(100);
            addrs = g.run("ip", "-6", "-o", "address", "show", "dev", g.inside());
        }
        assertThat(addrs).contains(want + "/64");
        assertThat(g.run("ip", "-6", "route", "show", "default")).isBlank();

        // metadata over IPv6: fe80::a9fe:a9fe port 80 reaches the service address ::2, from the guest's own address
        NetworkRecord r = n.record();
        String svc6 = r.serviceAddress6().orElseThrow().toString();
        try (var md = new NamespaceListener(r.namespace(), "[" + svc6 + "]", NetworkRecord.METADATA_PORT)) {
            assertThat(g.connects("[fe80::a9fe:a9fe%" + g.inside() + "]", 80)).isTrue();
            assertThat(md.peer()).isIn(Ipv6Prefix.linkLocal(MAC_A).toString(), want);
        }
    }

    @Test
    void thisHostCanRunAnIsolatedNetworkButNotOneOnAMissingBridge() throws Exception {
        assertThat(networks.hostProblems(network(NetworkSpec.of("vs-ok", TestHost.freeCidr(), NetworkMode.ISOLATED)))).isEmpty();
        String bridge = "vsb" + TestHost.newId();
        NetworkSpec spec = new NetworkSpec("vs-nobr", TestHost.freeCidr(), Optional.empty(), NetworkMode.BRIDGED,
                Optional.of(bridge), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), true);
        assertThat(networks.hostProblems(network(spec))).singleElement().asString().contains(bridge, "does not exist");
    }

    @Test
    void removeLeavesNothingOfTheNetwork() throws Exception {
        String forwarding = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        NetworkContext n = network(NetworkSpec.of("vs-gone", TestHost.freeCidr(), NetworkMode.NAT));
        assertThat(new HostScan(TestHost.RUNNER, HostPaths.SYSTEM).find(n)).isEmpty();
        networks.ensure(n, List.of(host(n, MAC_A, 10), host(n, MAC_B, 11)));
        assertThat(new HostScan(TestHost.RUNNER, HostPaths.SYSTEM).find(n)).anyMatch(s -> s.startsWith("process "))
                .anyMatch(s -> s.startsWith("iptables ")).anyMatch(s -> s.startsWith("namespace "));

        networks.remove(n);

        TestHost.assertNothingLeft(n);
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip()).isEqualTo(forwarding);
    }
}
