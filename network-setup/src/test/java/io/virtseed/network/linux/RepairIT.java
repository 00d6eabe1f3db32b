package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.Ipv6Prefix;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ensure as repair: on a healthy network it only looks; after a reboot or a killed dnsmasq it puts
 * back what is missing; a bridged network joins a bridge it never changes.
 */
class RepairIT {

    private static final MacAddress MAC = MacAddress.of("52:54:00:e2:00:10");

    @TempDir
    Path temp;

    /** Passes commands to the real runner and keeps their argument lists. */
    private final List<List<String>> ran = new CopyOnWriteArrayList<>();
    private final CommandRunner recording = c -> {
        ran.add(c.effectiveArgv());
        return TestHost.RUNNER.run(c);
    };
    private final LinuxNetworkProvisioner networks = new LinuxNetworkProvisioner(recording);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void host() {
        TestHost.require();
    }

    @AfterEach
    void removeEverything() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private NetworkContext up(NetworkSpec spec) throws Exception {
        NetworkContext n = TestHost.context(spec, temp);
        cleanup.add(() -> networks.remove(n));
        networks.ensure(n, List.of(host(n)));
        return n;
    }

    private static DhcpHost host(NetworkContext n) {
        return new DhcpHost(MAC, n.record().cidr().host(10), "vs-repair");
    }

    private GuestNamespace guest(String bridge) throws Exception {
        GuestNamespace g = GuestNamespace.plug(bridge, MAC, temp);
        cleanup.add(g);
        return g;
    }

    /** True for commands that change something; what a healthy ensure must not run. */
    private static boolean changes(List<String> argv) {
        String all = String.join(" ", argv);
        return all.contains("-batch") || all.contains("iptables-restore") || all.contains(" -w ") || all.contains("dnsmasq --conf")
                || argv.getFirst().equals("kill");
    }

    @Test
    void ensuringAHealthyNetworkOnlyLooks() throws Exception {
        // every piece there is to check: nat, a /64, an MTU, DNS and a domain
        var cidr = TestHost.freeCidr();
        NetworkContext n = up(new NetworkSpec("vs-healthy", cidr, Optional.of(Ipv6Prefix.parse("fd00:250:" + TestHost.newId().substring(2)
                + "::/64")), NetworkMode.NAT, Optional.empty(), List.of(cidr.host(53)), Optional.of("lab.test"), OptionalInt.of(1400),
                List.of(), true));
        long pid = networks.dhcpServerPid(n).orElseThrow();
        ran.clear();

        long start = System.nanoTime();
        networks.ensure(n, List.of(host(n)));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(ran).noneMatch(RepairIT::changes).hasSizeLessThanOrEqualTo(7);
        assertThat(millis).as("ms for a healthy ensure").isLessThan(1000);
        assertThat(networks.dhcpServerPid(n)).hasValue(pid);
    }

    @Test
    void ensureAfterARebootPutsEverythingBack() throws Exception {
        NetworkContext n = up(NetworkSpec.of("vs-reboot", TestHost.freeCidr(), NetworkMode.NAT));
        NetworkRecord r = n.record();
        // what a reboot takes: every link, namespace, rule and process; the folder stays
        TestHost.run("kill", "-KILL", Long.toString(networks.dhcpServerPid(n).orElseThrow()));
        new HostFirewall(TestHost.RUNNER).remove(r);
        TestHost.run("ip", "link", "del", r.bridge());
        TestHost.run("ip", "netns", "del", r.namespace());

        networks.ensure(n, List.of(host(n)));

        GuestNamespace g = guest(r.bridge());
        assertThat(g.dhcp()).containsEntry("ip", r.cidr().host(10).toString()).containsEntry("router", r.gatewayAddress().toString());
        g.configure(r.cidr().host(10) + "/24", List.of("169.254.169.254/32 via " + r.serviceAddress()));
        try (var md = new NamespaceListener(r.namespace(), r.serviceAddress().toString(), NetworkRecord.METADATA_PORT)) {
            assertThat(g.connects("169.254.169.254", 80)).isTrue();
            assertThat(md.peer()).isEqualTo(r.cidr().host(10).toString());
        }
    }

    @Test
    void ensureRestartsAKilledDhcpServer() throws Exception {
        NetworkContext n = up(NetworkSpec.of("vs-killed", TestHost.freeCidr(), NetworkMode.ISOLATED));
        long pid = networks.dhcpServerPid(n).orElseThrow();
        TestHost.run("kill", "-KILL", Long.toString(pid));
        while (networks.dhcpServerPid(n).isPresent()) {
            Thread.sleep(10);
        }

        networks.ensure(n, List.of(host(n)));

        assertThat(networks.dhcpServerPid(n).orElseThrow()).isNotEqualTo(pid);
        assertThat(guest(n.record().bridge()).dhcp()).containsEntry("ip", n.record().cidr().host(10).toString());
    }

    @Test
    void aBridgedNetworkServesOnTheBridgeAndLeavesTheBridgeAsItWas() throws Exception {
        String bridge = "vsb" + TestHost.newId();
        TestHost.run("ip", "link", "add", bridge, "mtu", "9000", "type", "bridge");
        cleanup.add(() -> TestHost.RUNNER.run(Command.of("ip", "link", "del", bridge).allowing(0, 1)));
        // an uplink, as a real bridge has: the bridge takes its ports' lowest address
        TestHost.run("ip", "link", "add", bridge + "-u", "address", "02:76:73:00:00:01", "mtu", "9000", "type", "veth", "peer",
                "name", bridge + "-p", "mtu", "9000");
        cleanup.add(() -> TestHost.RUNNER.run(Command.of("ip", "link", "del", bridge + "-u").allowing(0, 1)));
        TestHost.run("ip", "link", "set", bridge + "-u", "master", bridge, "up");
        // no link-local address arriving while the test looks (the kernel adds one once the bridge has carrier)
        Files.writeString(Path.of("/proc/sys/net/ipv6/conf", bridge, "disable_ipv6"), "1");
        TestHost.run("ip", "link", "set", bridge, "up");
        String before = bridgeSettings(bridge);
        NetworkSpec spec = new NetworkSpec("vs-bridged", TestHost.freeCidr(), Optional.empty(), NetworkMode.BRIDGED,
                Optional.of(bridge), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), true);

        NetworkContext n = up(spec);
        assertThat(guest(bridge).dhcp()).containsEntry("ip", n.record().cidr().host(10).toString()).doesNotContainKey("router");
        networks.remove(n);

        assertThat(bridgeSettings(bridge)).isEqualTo(before);
        TestHost.assertNothingLeft(n);
    }

    /** What a network joining the bridge must leave alone: its MTU, address, addresses and bridge options. */
    private static String bridgeSettings(String bridge) throws Exception {
        Path sys = Path.of("/sys/class/net", bridge);
        return Files.readString(sys.resolve("mtu")) + Files.readString(sys.resolve("address"))
                + Files.readString(sys.resolve("bridge/stp_state")) + Files.readString(sys.resolve("bridge/forward_delay"))
                + TestHost.run("ip", "-o", "address", "show", "dev", bridge);
    }

    @Test
    void aBridgedNetworkWithoutDhcpRunsNoDhcpServer() throws Exception {
        String bridge = "vsb" + TestHost.newId();
        TestHost.run("ip", "link", "add", bridge, "type", "bridge");
        cleanup.add(() -> TestHost.RUNNER.run(Command.of("ip", "link", "del", bridge).allowing(0, 1)));
        NetworkSpec spec = new NetworkSpec("vs-nodhcp", TestHost.freeCidr(), Optional.empty(), NetworkMode.BRIDGED,
                Optional.of(bridge), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), false);

        NetworkContext n = up(spec);

        assertThat(networks.dhcpServerPid(n)).isEmpty();
        assertThat(new HostScan(TestHost.RUNNER, HostPaths.SYSTEM).find(n)).contains("link " + n.record().vethHost())
                .noneMatch(s -> s.startsWith("process ") || s.startsWith("file "));
        assertThat(TestHost.run("ip", "-o", "link", "show", "master", bridge)).contains(n.record().vethHost());
    }

}
