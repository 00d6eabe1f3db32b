package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtseed net ...} and instances on a network, through the CLI, with the real network
 * adapter (bridge, namespace, dnsmasq) and libvirt's test driver (no guest runs). Needs root.
 */
class NetCliIT {

    private static final String NET = "vsclinet";
    private static final String CIDR = "10.251.7.0/24";

    @TempDir
    Path tmp;

    private Path state;
    private CapturedCli cli;
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        state = tmp.resolve("state");
        cli = new CapturedCli(state, "--connect", "test:///default", "-q");
        Path base = tmp.resolve("base.qcow2");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "32M"));
        new ImageStore(state, runner).importImage("vs-base", base, Optional.empty());
    }

    @AfterEach
    void tearDown() {
        // whatever a failed test left: instances first (they hold the network), then the network
        for (InstanceRecord r : new InstanceStore(state).list()) {
            cli.run("down", r.name());
        }
        new NetworkStore(state).find(NET).ifPresent(n -> cli.run("net", "rm", NET));
    }

    private Path spec(String name) throws Exception {
        return Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                image: vs-base
                networks: [ { network: %s } ]
                """.formatted(name, NET));
    }

    @Test
    void createIsIdempotentAndADifferentDefinitionIsRefused() {
        var first = cli.run("net", "create", NET, "--cidr", CIDR, "--dns", "10.251.7.2", "--mtu", "1400");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains(NET + " created (isolated " + CIDR);
        NetworkRecord r = new NetworkStore(state).find(NET).orElseThrow();
        assertThat(links()).contains(r.bridge(), r.vethHost());
        assertThat(namespaces()).contains(r.namespace());

        var again = cli.run("net", "create", NET, "--cidr", CIDR, "--dns", "10.251.7.2", "--mtu", "1400");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains(NET + " exists");

        var other = cli.run("net", "create", NET, "--cidr", "10.251.8.0/24");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).contains("exists with another definition (isolated 10.251.7.0/24 dns 10.251.7.2 mtu 1400)");

        var bad = cli.run("net", "create", "vsclibad", "--cidr", "10.251.9.5/24");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--cidr", "host bits set");

        var ls = cli.run("net", "ls", "-o", "json");
        assertThat(ls.out()).contains("\"name\" : \"" + NET + "\"", "\"bridge\" : \"" + r.bridge() + "\"");

        var rm = cli.run("net", "rm", NET);
        assertThat(rm.exitCode()).as(rm.all()).isZero();
        assertThat(links()).doesNotContain(r.bridge(), r.vethHost());
        assertThat(namespaces()).doesNotContain(r.namespace());
        assertThat(state.resolve("networks").resolve(NET)).doesNotExist();
    }

    @Test
    void instancesGetAddressesAndTheNetworkIsKeptWhileUsed() throws Exception {
        assertThat(cli.run("net", "create", NET, "--cidr", CIDR).exitCode()).isZero();
        var up = cli.run("up", spec("vs-cli-a").toString());
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.out()).contains("vs-cli-a running", NET + "=10.251.7.10");
        assertThat(cli.run("up", spec("vs-cli-b").toString()).out()).contains(NET + "=10.251.7.11");

        var refused = cli.run("net", "rm", NET);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("used by vs-cli-a, vs-cli-b");

        NetworkRecord net = new NetworkStore(state).find(NET).orElseThrow();
        var provisioner = new LinuxNetworkProvisioner(runner);
        var ctx = new io.virtseed.core.ports.NetworkContext(net, new NetworkStore(state).dir(NET));
        assertThat(provisioner.reservations(ctx).values()).containsExactlyInAnyOrder(IpAddress.parse("10.251.7.10"),
                IpAddress.parse("10.251.7.11"));

        assertThat(cli.run("down", "vs-cli-a").exitCode()).isZero();
        assertThat(provisioner.reservations(ctx).values()).containsExactly(IpAddress.parse("10.251.7.11"));
        assertThat(links()).contains(net.bridge()); // the network stays for vs-cli-b
        assertThat(cli.run("down", "vs-cli-b").exitCode()).isZero();
        assertThat(cli.run("net", "rm", NET).exitCode()).isZero();
        assertThat(links()).doesNotContain(net.bridge());
    }

    /** 20 separate processes run {@code up} on one network at once: 20 distinct addresses and MACs, none lost. */
    @Test
    void twentyConcurrentProcessesGetDistinctAddresses() throws Exception {
        assertThat(cli.run("net", "create", NET, "--cidr", CIDR).exitCode()).isZero();
        Path jar = Path.of("target", "virtseed.jar").toAbsolutePath();
        assertThat(jar).as("the CLI jar is built before the integration tests").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path spec = spec("vs-par-" + i);
            procs.add(new ProcessBuilder(java, "-jar", jar.toString(), "--state-dir", state.toString(), "--connect",
                    "test:///default", "-q", "up", spec.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("par-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < procs.size(); i++) {
            Process p = procs.get(i);
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("process %d finished", i).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("par-" + i + ".log"))).isZero();
        }
        List<InstanceRecord> records = new InstanceStore(state).list();
        assertThat(records).hasSize(20);
        Set<IpAddress> ips = records.stream().map(r -> r.nics().get(0).ip().orElseThrow()).collect(Collectors.toSet());
        Set<MacAddress> macs = records.stream().map(r -> r.nics().get(0).mac()).collect(Collectors.toSet());
        assertThat(ips).hasSize(20);
        assertThat(macs).hasSize(20);
        NetworkRecord net = new NetworkStore(state).find(NET).orElseThrow();
        Map<MacAddress, IpAddress> served = new LinuxNetworkProvisioner(runner)
                .reservations(new io.virtseed.core.ports.NetworkContext(net, new NetworkStore(state).dir(NET)));
        assertThat(served).hasSize(20);
        records.forEach(r -> assertThat(served).containsEntry(r.nics().get(0).mac(), r.nics().get(0).ip().orElseThrow()));
    }

    private List<String> links() {
        return Set.copyOf(List.of(runner.run(Command.of("ip", "-o", "link", "show")).stdout().split("\n"))).stream()
                .map(l -> l.split(":\\s+"))
                .filter(p -> p.length > 1)
                .map(p -> p[1].split("@")[0])
                .toList();
    }

    private List<String> namespaces() {
        return List.of(runner.run(Command.of("ip", "netns", "list")).stdout().split("\n")).stream()
                .map(l -> l.split(" ")[0]).toList();
    }

}
