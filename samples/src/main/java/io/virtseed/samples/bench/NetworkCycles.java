package io.virtseed.samples.bench;

import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.state.Trees;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.network.linux.HostPaths;
import io.virtseed.network.linux.HostScan;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The leak check: N times, a network with two DHCP reservations is ensured and removed; then the
 * host is scanned for anything carrying any of those networks' ids (links, namespaces, iptables
 * chains and rules, processes, files). Exits 1 when anything is left.
 *
 * <pre>{@code java -cp samples/target/benchmarks.jar io.virtseed.samples.bench.NetworkCycles 20}</pre>
 */
public final class NetworkCycles {

    private NetworkCycles() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args.length > 0 ? Integer.parseInt(args[0]) : 20));
    }

    /** Runs the cycles and the scan; 0 when the host is clean, 1 otherwise. Cleans up either way. */
    static int run(int cycles) throws Exception {
        var runner = new ProcessCommandRunner();
        var networks = new LinuxNetworkProvisioner(runner);
        Path state = Files.createTempDirectory("vs-net-cycles");
        var made = new ArrayList<NetworkContext>();
        long start = System.nanoTime();
        try {
            var bench = new BenchNetworks(state, networks.hostRoutes());
            for (int i = 0; i < cycles; i++) {
                NetworkContext n = bench.next();
                made.add(n);
                networks.ensure(n, BenchNetworks.twoHosts(n));
                if (networks.dhcpServerPid(n).isEmpty() || networks.reservations(n).size() != 2) {
                    System.err.println("net-leaks: network " + n.record().id() + " came up without its DHCP server or hosts");
                    return 1;
                }
                networks.remove(n);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<String> left = leftovers(runner, made);
            System.out.printf("net-leaks: %d create/remove cycles in %.1f s (%.0f ms each), %d leftovers%n", cycles, seconds,
                    seconds * 1000 / cycles, left.size());
            left.forEach(l -> System.out.println("  left: " + l));
            return left.isEmpty() ? 0 : 1;
        } finally {
            made.forEach(n -> {
                try {
                    networks.remove(n);
                } catch (RuntimeException e) {
                    System.err.println("net-leaks: cleanup of " + n.record().id() + " failed: " + e.getMessage());
                }
            });
            Trees.delete(state);
        }
    }

    /** What the host still holds of these networks; the kernel drops a deleted namespace's links a little later. */
    private static List<String> leftovers(ProcessCommandRunner runner, List<NetworkContext> made) throws InterruptedException {
        var scan = new HostScan(runner, HostPaths.SYSTEM);
        List<String> left = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            left = made.stream().flatMap(n -> scan.find(n).stream()).toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
