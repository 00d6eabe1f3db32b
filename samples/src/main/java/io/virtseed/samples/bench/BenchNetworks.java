package io.virtseed.samples.bench;

import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Throw-away networks for the network benchmark and leak check: fresh ids (starting {@code d}), a
 * free {@code 10.250.X.0/24} each, folders under one state folder, two DHCP reservations.
 */
final class BenchNetworks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path state;
    private final List<Ipv4Cidr> routes;

    /** @param state a state folder of our own; made 0711 as virtseed's are, so dnsmasq drops root */
    BenchNetworks(Path state, List<Ipv4Cidr> routes) throws IOException {
        this.state = state;
        this.routes = routes;
        Files.createDirectories(state.resolve("networks"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(state.resolve("networks"), PosixFilePermissions.fromString("rwx--x--x"));
    }

    static String newId() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return "d" + HexFormat.of().formatHex(b).substring(1);
    }

    Ipv4Cidr freeCidr() {
        for (int tries = 0; tries < 500; tries++) {
            Ipv4Cidr c = Ipv4Cidr.parse("10.250." + (10 + RANDOM.nextInt(240)) + ".0/24");
            if (routes.stream().noneMatch(c::overlaps)) {
                return c;
            }
        }
        throw new IllegalStateException("no free 10.250.x.0/24 on this host");
    }

    /** A new isolated network (the by-hand recipe's kind) and its folder, mode 0700. */
    NetworkContext next() throws IOException {
        String id = newId();
        NetworkSpec spec = NetworkSpec.of("bench-" + id, freeCidr(), NetworkMode.ISOLATED);
        Path dir = Files.createDirectories(state.resolve("networks").resolve(spec.name()));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return new NetworkContext(new NetworkRecord(NetworkRecord.CURRENT_VERSION, id, spec, Optional.empty(), Instant.now()), dir);
    }

    static List<DhcpHost> twoHosts(NetworkContext n) {
        return List.of(new DhcpHost(MacAddress.of("52:54:00:d0:00:10"), n.record().cidr().host(10), "bench-a"),
                new DhcpHost(MacAddress.of("52:54:00:d0:00:11"), n.record().cidr().host(11), "bench-b"));
    }
}
