package io.virtseed.samples.bench;

import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.state.Trees;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long does a network take? {@code ensure} then {@code remove} of one isolated network with two
 * DHCP reservations, against the same network made and removed by hand ({@link ByHandNetwork}), in
 * alternating order, each on a fresh id. Prints both medians and their ratio; exits 1 when ours takes
 * more than {@value #TARGET}x the hand-made one's time.
 *
 * <pre>{@code java -cp samples/target/benchmarks.jar io.virtseed.samples.bench.NetworkBench --rounds 30}</pre>
 */
public final class NetworkBench {

    static final double TARGET = 1.5;

    private NetworkBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 30;
        int warmup = 3;
        var runner = new ProcessCommandRunner();
        var ours = new LinuxNetworkProvisioner(runner);
        var byHand = new ByHandNetwork(runner);
        Path state = Files.createTempDirectory("vs-net-bench");
        var bench = new BenchNetworks(state, ours.hostRoutes());
        List<Long> oursNs = new ArrayList<>();
        List<Long> handNs = new ArrayList<>();
        List<Long> healthyNs = new ArrayList<>();
        for (int i = 0; i < warmup + rounds; i++) {
            // alternate who goes first, so neither always meets the kernel still tearing the other down
            boolean oursFirst = i % 2 == 0;
            long a = oursFirst ? timeOurs(ours, bench.next()) : timeByHand(byHand, bench.next());
            long b = oursFirst ? timeByHand(byHand, bench.next()) : timeOurs(ours, bench.next());
            if (i >= warmup) {
                oursNs.add(oursFirst ? a : b);
                handNs.add(oursFirst ? b : a);
                healthyNs.add(timeHealthy(ours, bench.next()));
            }
        }
        double o = median(oursNs) / 1e6;
        double h = median(handNs) / 1e6;
        double ratio = o / h;
        System.out.printf("ensure + remove (LinuxNetworkProvisioner)  median %7.1f ms  (min %.1f, max %.1f, %d rounds)%n", o,
                min(oursNs) / 1e6, max(oursNs) / 1e6, rounds);
        System.out.printf("by hand (one command per step)            median %7.1f ms  (min %.1f, max %.1f)%n", h,
                min(handNs) / 1e6, max(handNs) / 1e6);
        System.out.printf("ensure of a healthy network (only looks)   median %7.1f ms  (not in the ratio)%n",
                median(healthyNs) / 1e6);
        System.out.printf("ratio                                      %7.2f x     target <= %.1f x   %s%n", ratio, TARGET,
                ratio <= TARGET ? "PASS" : "FAIL");
        Trees.delete(state); // each network's folder went with its remove; the state folder is ours too
        System.exit(ratio <= TARGET ? 0 : 1);
    }

    private static long timeOurs(LinuxNetworkProvisioner p, NetworkContext n) {
        long t = System.nanoTime();
        try {
            p.ensure(n, BenchNetworks.twoHosts(n));
        } finally {
            p.remove(n);
        }
        return System.nanoTime() - t;
    }

    /** A second ensure of a network that is up: what a restart or {@code virtseed up} of a plan pays. */
    private static long timeHealthy(LinuxNetworkProvisioner p, NetworkContext n) {
        try {
            p.ensure(n, BenchNetworks.twoHosts(n));
            long t = System.nanoTime();
            p.ensure(n, BenchNetworks.twoHosts(n));
            return System.nanoTime() - t;
        } finally {
            p.remove(n);
        }
    }

    private static long timeByHand(ByHandNetwork h, NetworkContext n) throws Exception {
        long t = System.nanoTime();
        try {
            h.up(n, BenchNetworks.twoHosts(n));
        } finally {
            h.down(n);
        }
        return System.nanoTime() - t;
    }

    static double median(List<Long> xs) {
        long[] s = xs.stream().mapToLong(Long::longValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static long min(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> xs) {
        return Arrays.stream(xs.stream().mapToLong(Long::longValue).toArray()).max().orElse(0);
    }
}
