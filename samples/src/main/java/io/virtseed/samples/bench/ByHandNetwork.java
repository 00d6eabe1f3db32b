package io.virtseed.samples.bench;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.state.NetworkRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same network made the way an operator does it by hand: the net-up / net-down recipe that
 * brought the first guest to its metadata here, one command per step (bridge, namespace, veth,
 * addresses, forwarding off, the DNAT, dnsmasq with the reservations on its command line), and
 * nothing checked first. The benchmark's yardstick.
 */
final class ByHandNetwork {

    private final CommandRunner runner;

    ByHandNetwork(CommandRunner runner) {
        this.runner = runner;
    }

    private void run(String... argv) {
        runner.run(Command.of(argv));
    }

    private void inNs(String ns, String... argv) {
        runner.run(Command.of(argv).inNetns(ns));
    }

    void up(NetworkContext n, List<DhcpHost> hosts) {
        NetworkRecord r = n.record();
        String br = r.bridge();
        String ns = r.namespace();
        String vh = r.vethHost();
        String vn = r.vethNamespace();
        String svc = r.serviceAddress() + "/" + r.cidr().prefix();
        run("ip", "link", "add", br, "type", "bridge");
        run("sysctl", "-qw", "net.ipv6.conf." + br + ".disable_ipv6=1");
        run("ip", "link", "set", br, "up");
        run("ip", "netns", "add", ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "link", "add", vh, "type", "veth", "peer", "name", vn);
        run("sysctl", "-qw", "net.ipv6.conf." + vh + ".disable_ipv6=1");
        run("ip", "link", "set", vh, "master", br, "up");
        run("ip", "link", "set", vn, "netns", ns);
        run("ip", "-n", ns, "addr", "add", svc, "dev", vn);
        run("ip", "-n", ns, "addr", "add", "169.254.169.254/32", "dev", vn);
        run("ip", "-n", ns, "link", "set", vn, "up");
        inNs(ns, "sysctl", "-qw", "net.ipv4.ip_forward=0");
        inNs(ns, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", "169.254.169.254/32", "-p", "tcp", "--dport", "80",
                "-j", "DNAT", "--to-destination", r.serviceAddress() + ":" + NetworkRecord.METADATA_PORT);
        List<String> dnsmasq = new ArrayList<>(List.of("dnsmasq", "--conf-file", "--port=0", "--bind-interfaces",
                "--interface=" + vn, "--except-interface=lo",
                "--dhcp-range=" + r.cidr().host(0) + ",static," + r.cidr().netmaskText() + ",1h",
                "--dhcp-leasefile=" + n.dir().resolve("byhand.leases"), "--pid-file=" + pidFile(n), "--log-dhcp",
                "--log-facility=" + n.dir().resolve("byhand.log")));
        hosts.forEach(h -> dnsmasq.add("--dhcp-host=" + h.mac() + "," + h.ip()));
        runner.run(Command.of(dnsmasq).inNetns(ns));
    }

    void down(NetworkContext n) throws Exception {
        NetworkRecord r = n.record();
        Path pid = pidFile(n);
        if (Files.exists(pid)) {
            runner.run(Command.of("kill", Files.readString(pid).strip()).allowing(0, 1));
        }
        runner.run(Command.of("iptables", "-t", "nat", "-D", "PREROUTING", "-d", "169.254.169.254/32", "-p", "tcp", "--dport",
                "80", "-j", "DNAT", "--to-destination", r.serviceAddress() + ":" + NetworkRecord.METADATA_PORT)
                .inNetns(r.namespace()).allowing(0, 1));
        runner.run(Command.of("ip", "link", "del", r.vethHost()).allowing(0, 1));
        runner.run(Command.of("ip", "link", "del", r.bridge()).allowing(0, 1));
        runner.run(Command.of("ip", "netns", "del", r.namespace()).allowing(0, 1));
        for (String f : List.of("byhand.leases", "byhand.log", "byhand.pid")) {
            Files.deleteIfExists(n.dir().resolve(f));
        }
    }

    private static Path pidFile(NetworkContext n) {
        return n.dir().resolve("byhand.pid");
    }
}
