package io.virtseed.network.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** What the namespace tests need from the host, and small waiting helpers. */
final class Hosts {

    private Hosts() {
    }

    /** Root, ip, iptables, curl and the system python; missing ones fail under CI=true, skip elsewhere. */
    static void requireRootTools() {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean tools = Stream.of("/usr/sbin/ip", "/usr/sbin/iptables", "/usr/bin/curl", "/usr/bin/python3",
                "/usr/bin/ssh-keygen").allMatch(p -> Files.isExecutable(Path.of(p)));
        String why = "namespace tests need root and ip, iptables, curl, python3, ssh-keygen";
        if ("true".equals(System.getenv("CI"))) {
            if (!root || !tools) {
                throw new AssertionError(why);
            }
        }
        Assumptions.assumeTrue(root && tools, why);
    }

    /** True when other work keeps this machine's cores busy (timings are then looser). */
    static boolean loaded() {
        try {
            String avg = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            return Double.parseDouble(avg) > 2.0 * Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Polls until {@code ok} holds (returns that value) or the time is up (returns the last value). */
    static <T> T await(Callable<T> get, Predicate<T> ok, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        T last = get.call();
        while (!ok.test(last) && System.nanoTime() < end) {
            Thread.sleep(50);
            last = get.call();
        }
        return last;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
