package io.virtseed.network.linux;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.value.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in guest: a namespace {@code vsgXXXXXX} with one veth end (this MAC) plugged into a
 * network's bridge, a real DHCP client (busybox udhcpc) and a TCP client (socat). Closing it removes
 * the namespace and the veth.
 */
final class GuestNamespace implements AutoCloseable {

    final String name;
    final MacAddress mac;
    private final Path dir;

    private GuestNamespace(String name, MacAddress mac, Path dir) {
        this.name = name;
        this.mac = mac;
        this.dir = dir;
    }

    String inside() {
        return name + "-n";
    }

    static GuestNamespace plug(String bridge, MacAddress mac, Path tempDir) throws IOException {
        String name = "vsg" + TestHost.newId();
        var g = new GuestNamespace(name, mac, Files.createDirectories(tempDir.resolve(name)));
        try {
            // the bridge port as libvirt makes a tap: a fe: address and the bridge's MTU, so the bridge keeps both
            String mtu = Files.readString(Path.of("/sys/class/net", bridge, "mtu")).strip();
            String batch = "netns add " + name + "\nlink add " + name + "-h address fe" + mac.value().substring(2) + " mtu " + mtu
                    + " type veth peer name " + name + "-n netns " + name + " address " + mac + " mtu " + mtu
                    + "\nlink set " + name + "-h master " + bridge + " up\n";
            TestHost.RUNNER.run(Command.of("ip", "-batch", "-").withStdin(batch.getBytes(StandardCharsets.UTF_8)));
            TestHost.RUNNER.run(Command.of("ip", "-n", name, "-batch", "-")
                    .withStdin(("link set lo up\nlink set " + name + "-n up\n").getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** What the DHCP server offered, as udhcpc hands it to its script: {@code ip}, {@code router}, {@code staticroutes}... */
    Map<String, String> dhcp() throws IOException {
        Path out = dir.resolve("bound.env");
        Path script = dir.resolve("udhcpc.sh");
        List<String> keys = List.of("ip", "mask", "router", "dns", "domain", "search", "mtu", "ntpsrv", "staticroutes", "serverid");
        StringBuilder s = new StringBuilder("#!/bin/sh\n# udhcpc runs this at each event; keep what the server offered\n");
        s.append("[ \"$1\" = bound ] || exit 0\n{\n");
        keys.forEach(k -> s.append("echo \"").append(k).append("=$").append(k).append("\"\n"));
        s.append("} > '").append(out).append("'\n");
        Files.writeString(script, s);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(out);
        TestHost.RUNNER.run(Command.of("busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1", "-A", "1", "-i", inside(),
                "-s", script.toString(), "-O", "staticroutes", "-O", "mtu", "-O", "ntpsrv", "-O", "search")
                .inNetns(name).withTimeout(Duration.ofSeconds(20)));
        Map<String, String> offer = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            int eq = line.indexOf('=');
            if (eq > 0 && eq < line.length() - 1) {
                offer.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return offer;
    }

    /** Takes an address and routes, as a guest applying its lease would. */
    void configure(String cidr, List<String> routes) {
        StringBuilder b = new StringBuilder("address add " + cidr + " dev " + inside() + "\n");
        routes.forEach(r -> b.append("route add ").append(r).append("\n"));
        TestHost.RUNNER.run(Command.of("ip", "-n", name, "-batch", "-").withStdin(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** True when a TCP connection to this address and port is accepted within two seconds. */
    boolean connects(String address, int port) {
        try {
            CommandResult r = TestHost.RUNNER.run(Command.of("socat", "-u", "OPEN:/dev/null",
                    "TCP:" + address + ":" + port + ",connect-timeout=2").inNetns(name).allowing(0, 1)
                    .withTimeout(Duration.ofSeconds(10)));
            if (r.exitCode() != 0) {
                System.err.println("guest " + name + ": no connection to " + address + ":" + port + ": " + r.stderr().strip());
            }
            return r.exitCode() == 0;
        } catch (CommandException e) {
            return false;
        }
    }

    String run(String... argv) {
        return TestHost.RUNNER.run(Command.of(argv).inNetns(name)).stdout();
    }

    @Override
    public void close() {
        TestHost.RUNNER.run(Command.of("ip", "link", "del", name + "-h").allowing(0, 1));
        TestHost.RUNNER.run(Command.of("ip", "netns", "del", name).allowing(0, 1));
    }
}
