package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.testing.RealComponents;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty {@code virtseed up} processes started at once, one instance each, on one network, as a
 * script or twenty parallel CI jobs would: every one succeeds, each instance gets its own address
 * and MAC, and {@code ls} shows all twenty running. The guests (an empty disk, TCG, 64 MiB) never
 * boot an OS; what is tested is the allocation under concurrency, with real libvirtd, dnsmasq
 * and namespaces. {@code down} of all of them leaves no domain.
 */
class ParallelUpIT {

    private static final int COUNT = 20;
    private static final String NET = "vsparallel";
    private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();

    @TempDir
    Path tmp;

    private Path state;
    private final List<String> names = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        RealComponents.require("root".equals(System.getProperty("user.name")), "root",
                "run the integration tests as root (they make bridges and domains)");
        RealComponents.require(Files.isRegularFile(jar()), "the CLI jar " + jar(), "build it with ./mvnw -pl cli -am verify");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        state = tmp.resolve("state");
        Path base = tmp.resolve("base.qcow2");
        RUNNER.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "32M"));
        Run imported = cli(60, "image", "import", "vs-parallel-base", base.toString());
        assertThat(imported.code()).as(imported.out()).isZero();
        Run net = cli(60, "net", "create", NET, "--cidr", freeCidr());
        assertThat(net.code()).as(net.out()).isZero();
        for (int i = 0; i < COUNT; i++) {
            names.add(String.format("vs-par-%02d", i));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        started.forEach(Process::destroyForcibly);
        if (state == null) {
            return;
        }
        List<String> down = new ArrayList<>(List.of("down"));
        down.addAll(names);
        cli(300, down.toArray(String[]::new));
        cli(120, "net", "rm", NET);
        cli(120, "reap");
        ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> List.of(a).contains(state.toString())
                && List.of(a).contains("serve")).orElse(false)).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void twentyParallelUpsGetDistinctAddressesAndMacs() throws Exception {
        List<Process> ups = new ArrayList<>();
        for (String name : names) {
            Path spec = tmp.resolve(name + ".yaml");
            Files.writeString(spec, """
                    name: %s
                    image: vs-parallel-base
                    memory: 64MiB
                    accel: tcg
                    user_data: "#cloud-config\\n"
                    networks: [ { network: %s } ]
                    """.formatted(name, NET));
            ups.add(start("up", spec.toString()));
        }
        for (int i = 0; i < ups.size(); i++) {
            Process p = ups.get(i);
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("up of " + names.get(i) + " finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("up of " + names.get(i) + ":\n" + out).isZero();
        }

        Run ls = cli(120, "ls", "-o", "json");
        assertThat(ls.code()).as(ls.out()).isZero();
        JsonNode all = JsonMapper.builder().build().readTree(ls.out());
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        List<String> listed = new ArrayList<>();
        for (JsonNode instance : all) {
            listed.add(instance.get("name").asText());
            assertThat(instance.get("state").asText()).as(instance.get("name").asText()).isEqualTo("running");
            JsonNode nic = instance.get("nics").get(0);
            ips.add(nic.get("ip").asText());
            macs.add(nic.get("mac").asText());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(names);
        assertThat(ips).as("one address each").hasSize(COUNT);
        assertThat(macs).as("one MAC each").hasSize(COUNT);

        List<String> down = new ArrayList<>(List.of("down"));
        down.addAll(names);
        Run removed = cli(600, down.toArray(String[]::new));
        assertThat(removed.code()).as(removed.out()).isZero();
        String domains = RUNNER.run(Command.of("virsh", "-c", "qemu:///system", "list", "--all", "--name")).stdout();
        assertThat(domains).doesNotContain("vs-par-");
    }

    private Process start(String... args) throws Exception {
        Process p = new ProcessBuilder(argv(args)).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private record Run(int code, String out) {
    }

    /** Runs to the end, stdout and stderr together. */
    private Run cli(long seconds, String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "vs-out", ".txt");
        Process p = new ProcessBuilder(argv(args)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("virtseed " + String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static Path jar() {
        return Path.of("target/virtseed.jar").toAbsolutePath();
    }

    private List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                jar().toString(), "--state-dir", state.toString(), "--connect", "qemu:///system", "-q"));
        argv.addAll(List.of(args));
        return argv;
    }

    /** A 10.253.X.0/24 that no host route touches. */
    private static String freeCidr() {
        List<Ipv4Cidr> routes = new LinuxNetworkProvisioner(RUNNER).hostRoutes();
        for (int third = 10 + (int) (ProcessHandle.current().pid() % 200); third < 255; third++) {
            Ipv4Cidr c = Ipv4Cidr.parse("10.253." + third + ".0/24");
            if (routes.stream().noneMatch(c::overlaps)) {
                return c.toString();
            }
        }
        throw new IllegalStateException("no free 10.253.x.0/24 on this host");
    }
}
