package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.Ipv4Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the network integration tests share: the host check (root and the real tools; on CI a
 * missing one fails the test instead of skipping it), fresh ids and free address ranges, so tests
 * running side by side on one host never meet.
 */
final class TestHost {

    static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TOOLS = List.of("ip", "iptables", "iptables-save", "iptables-restore", "dnsmasq",
            "busybox", "socat", "sysctl", "kill");

    private TestHost() {
    }

    /** Root and every tool the tests drive; outside CI a host without them skips the tests. */
    static void require() {
        List<String> missing = TOOLS.stream().filter(t -> !onPath(t)).toList();
        boolean root = "root".equals(System.getProperty("user.name"));
        String why = !root ? "network tests need root" : missing.isEmpty() ? "" : "missing on this host: " + missing
                + " (scripts/host-setup.sh installs them)";
        if ("true".equals(System.getenv("CI"))) {
            if (!why.isEmpty()) {
                fail(why);
            }
        } else {
            Assumptions.assumeTrue(why.isEmpty(), why);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** A fresh network id: 6 hex digits, starting with 'e' so ours are told apart at a glance. */
    static String newId() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return "e" + HexFormat.of().formatHex(b).substring(1);
    }

    /** A 10.250.X.0/24 that no host route touches. */
    static Ipv4Cidr freeCidr() {
        List<Ipv4Cidr> routes = new LinuxNetworkProvisioner(RUNNER).hostRoutes();
        for (int tries = 0; tries < 200; tries++) {
            Ipv4Cidr c = Ipv4Cidr.parse("10.250." + (10 + RANDOM.nextInt(240)) + ".0/24");
            if (routes.stream().noneMatch(c::overlaps)) {
                return c;
            }
        }
        throw new IllegalStateException("no free 10.250.x.0/24 on this host");
    }

    /**
     * A network with a fresh id, its folder {@code networks/NAME} made 0700 under {@code parent}, with
     * {@code parent} and {@code networks} open to pass through (0711) as a state folder's are.
     */
    static NetworkContext context(NetworkSpec spec, Path parent) throws Exception {
        String id = newId();
        Path networks = Files.createDirectories(parent.resolve("networks"));
        Path dir = Files.createDirectories(networks.resolve(spec.name()));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(networks, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return new NetworkContext(new NetworkRecord(NetworkRecord.CURRENT_VERSION, id, spec, Optional.empty(),
                Instant.now()), dir);
    }

    /** Asserts the host holds nothing of this network. */
    static void assertNothingLeft(NetworkContext network) {
        assertThat(new HostScan(RUNNER, HostPaths.SYSTEM).find(network)).as("left on the host").isEmpty();
    }

    static String run(String... argv) {
        return RUNNER.run(Command.of(argv)).stdout();
    }
}
