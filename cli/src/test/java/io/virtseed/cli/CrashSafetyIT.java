package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.testing.RealComponents;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import io.virtseed.network.linux.HostPaths;
import io.virtseed.network.linux.HostScan;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code virtseed up} and {@code down} at each of their steps, with real
 * libvirtd and QEMU (a guest that need not boot) and real networks: after each kill, running the
 * command again converges (exit 0; the instance running after {@code up}; {@code up} after a killed
 * {@code down} makes it anew), and after the final {@code down} the host holds nothing of the test:
 * no domain, link, tap, namespace, iptables rule, dnsmasq or file, nothing carrying the state
 * folder's mark. Needs root.
 */
class CrashSafetyIT {

    private static final String URI = "qemu:///system";
    private static final String NAME = "vs-crashit";
    private static final String NET = "vscrashit";
    private static final long RUN_SECONDS = 60;
    private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();

    @TempDir
    Path tmp;

    private Path state;
    private Path plan;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        RealComponents.require(isRoot(), "root", "run the integration tests as root (they make bridges and domains)");
        Path jar = Path.of("target/virtseed.jar").toAbsolutePath();
        RealComponents.require(Files.isRegularFile(jar), "the CLI jar " + jar, "build it with ./mvnw -pl cli -am verify");
        RealComponents.require(Files.exists(Path.of("/dev/kvm")) || onPath("qemu-system-x86_64"), "QEMU",
                "install it with scripts/host-setup.sh");
        // QEMU (its own user) must pass through the folders above the state folder
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        state = tmp.resolve("state");
        Path base = tmp.resolve("base.qcow2");
        RUNNER.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "32M"));
        assertThat(cli("image", "import", "vs-crashit-base", base.toString()).code()).isZero();
        plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, """
                networks:
                  - { name: %s, cidr: %s, mode: isolated }
                instances:
                  - name: %s
                    image: vs-crashit-base
                    memory: 64MiB
                    accel: tcg
                    user_data: "#cloud-config\\n"
                    networks: [ { network: %s } ]
                """.formatted(NET, freeCidr(), NAME, NET));
    }

    /** Whatever a failed run left: the CLI's own teardown first, then reap, then the state folder. */
    @AfterEach
    void tearDown() throws Exception {
        started.forEach(Process::destroyForcibly);
        if (state == null) {
            return;
        }
        try {
            cli("down", plan.toString());
            cli("reap");
        } finally {
            try (var hv = new LibvirtHypervisor(URI, state)) {
                hv.destroy(InstanceName.of(NAME));
                hv.undefine(InstanceName.of(NAME));
            } catch (RuntimeException e) {
                // not there, or not ours: nothing of ours to remove
            }
            stopServiceOf(state);
        }
    }

    @Test
    void aKillAtAnyStepOfUpOrDownThenTheSameCommandAgainConvergesAndLeavesNothing() throws Exception {
        // the steps, as a clean run prints them
        Run up = cli("up", plan.toString());
        assertThat(up.code()).as(up.output()).isZero();
        List<String> upSteps = steps(up.output());
        Run down = cli("down", plan.toString());
        assertThat(down.code()).as(down.output()).isZero();
        List<String> downSteps = steps(down.output());
        assertThat(upSteps).contains("record network " + NET, "define domain", "start domain", "mark created");
        assertThat(downSteps).contains("undo start domain", "undo set up network " + NET, "undo record network " + NET);
        assertNothingLeft("after a clean up and down", Optional.empty(), List.of());

        for (int i = 0; i < Math.max(upSteps.size(), downSteps.size()); i++) {
            String upStep = upSteps.get(Math.min(i, upSteps.size() - 1));
            String where = "killed at '" + upStep + "'";
            long t0 = System.nanoTime();
            killedAt(upStep, "up", plan.toString());
            String leftByUp = left();
            Run again = cli("up", plan.toString());
            assertThat(again.code()).as(where + ", then up: " + again.output()).isZero();
            assertThat(domainState()).as(where + ", then up").isEqualTo("running");
            NetworkRecord net = new NetworkStore(state).find(NET).orElseThrow();
            List<String> taps = new InstanceStore(state).find(InstanceName.of(NAME)).orElseThrow().nics().stream()
                    .map(InstanceRecord.Nic::tap).toList();

            String downStep = downSteps.get(Math.min(i, downSteps.size() - 1));
            where += "; down killed at '" + downStep + "'";
            killedAt(downStep, "down", plan.toString());
            String leftByDown = left();
            Run finish = cli("down", plan.toString());
            assertThat(finish.code()).as(where + ", then down: " + finish.output()).isZero();
            assertNothingLeft(where, Optional.of(net), taps);
            // what each kill left, for the log: the proof that the kills landed mid-way
            System.out.printf("round %d (%d ms): up killed at '%s' left %s; down killed at '%s' left %s%n", i,
                    (System.nanoTime() - t0) / 1_000_000, upStep, leftByUp, downStep, leftByDown);
        }
        // up, too, converges after a killed down: on a half-removed instance it finishes the removal and makes it anew
        for (String downStep : List.of("undo define domain", "undo create root disk")) {
            assertThat(cli("up", plan.toString()).code()).isZero();
            NetworkRecord net = new NetworkStore(state).find(NET).orElseThrow();
            killedAt(downStep, "down", plan.toString());
            String where = "down killed at '" + downStep + "', then up";
            Run again = cli("up", plan.toString());
            assertThat(again.code()).as(where + ": " + again.output()).isZero();
            assertThat(domainState()).as(where).isEqualTo("running");
            List<String> taps = new InstanceStore(state).find(InstanceName.of(NAME)).orElseThrow().nics().stream()
                    .map(InstanceRecord.Nic::tap).toList();
            assertThat(cli("down", plan.toString()).code()).isZero();
            assertNothingLeft(where + " and down", Optional.of(net), taps);
        }
        Run reap = cli("reap", "--dry-run");
        assertThat(reap.output()).as("nothing is left for reap either").contains("nothing to reap")
                .doesNotContain("would remove");
    }

    /** The {@code "  - STEP"} lines of a run, in order. */
    private static List<String> steps(String output) {
        return output.lines().filter(l -> l.startsWith("  - ")).map(l -> l.substring(4)).toList();
    }

    /** Runs the CLI and {@code kill -9}s it the moment it prints the step; fails if it never does. */
    private void killedAt(String step, String... args) throws Exception {
        Process p = new ProcessBuilder(argv(args)).redirectErrorStream(true).start();
        started.add(p);
        StringBuilder seen = new StringBuilder();
        boolean killed = false;
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                seen.append(line).append('\n');
                if (line.equals("  - " + step)) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no unlock but the kernel's
                    killed = true;
                    break;
                }
            }
        }
        assertThat(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).isTrue();
        started.remove(p);
        assertThat(killed).as("virtseed " + String.join(" ", args) + " never reached '" + step + "':\n" + seen).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    private void assertNothingLeft(String where, Optional<NetworkRecord> net, List<String> taps) throws IOException {
        String domains = RUNNER.run(Command.of("virsh", "-c", URI, "list", "--all", "--name")).stdout();
        assertThat(domains.lines().map(String::strip)).as(where + ": domains").doesNotContain(NAME);
        String links = RUNNER.run(Command.of("ip", "-br", "link")).stdout();
        for (String tap : taps) {
            assertThat(links).as(where + ": tap").doesNotContain(tap);
        }
        if (net.isPresent()) {
            var ctx = new NetworkContext(net.get(), state.resolve("networks").resolve(NET));
            assertThat(new HostScan(RUNNER, HostPaths.SYSTEM).find(ctx)).as(where + ": the network's links, namespace,"
                    + " iptables rules, dnsmasq and files").isEmpty();
        }
        assertThat(new LinuxNetworkProvisioner(RUNNER).hostObjects(state)).filteredOn(o -> o.owner()
                == HostObject.Owner.THIS_STATE).as(where + ": host objects with this state folder's mark").isEmpty();
        assertThat(processesNaming(state)).as(where + ": processes but the state folder's metadata service")
                .allMatch(cmd -> cmd.endsWith(" serve"));
        for (String dir : List.of("instances", "networks")) {
            Path d = state.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    assertThat(s.map(Path::toString)).as(where + ": files in " + d).isEmpty();
                }
            }
        }
    }

    /** A short account of what is there now: domain state, instance record phase, network record. */
    private String left() {
        String domain = domainState();
        Path inst = state.resolve("instances").resolve(NAME);
        String instance;
        try {
            instance = new InstanceStore(state).find(InstanceName.of(NAME)).map(r -> r.phase().name().toLowerCase())
                    .orElse(Files.exists(inst) ? "folder" : "none");
        } catch (RuntimeException e) {
            instance = "unreadable";
        }
        Path netDir = state.resolve("networks").resolve(NET);
        String network = Files.exists(netDir.resolve("network.json")) ? "record" : Files.exists(netDir) ? "folder" : "none";
        return "[domain " + (domain.isEmpty() ? "none" : domain) + ", instance " + instance + ", network " + network + "]";
    }

    private String domainState() {
        return RUNNER.run(Command.of("virsh", "-c", URI, "domstate", NAME).allowing(0, 1)).stdout().strip();
    }

    /** Command lines of the processes (not this one) that name the folder. */
    private static List<String> processesNaming(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        String needle = folder.toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip();
                    if (cmd.contains(needle) && Long.parseLong(p.getFileName().toString()) != ProcessHandle.current().pid()) {
                        out.add(cmd);
                    }
                } catch (IOException e) {
                    // ended while we looked
                }
            });
        }
        return out;
    }

    /** The state folder's metadata service stops when its folder goes; it is killed if it lingers. */
    private static void stopServiceOf(Path state) throws Exception {
        ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> List.of(a).contains(state.toString())
                && List.of(a).contains("serve")).orElse(false)).forEach(ProcessHandle::destroyForcibly);
    }

    private record Run(int code, String output) {
    }

    private Run cli(String... args) throws Exception {
        Process p = new ProcessBuilder(argv(args)).redirectErrorStream(true).start();
        started.add(p);
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).as("virtseed " + String.join(" ", args) + " finished").isTrue();
        started.remove(p);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The packaged CLI with this JDK, as the launcher script starts it (with the build's AOT cache). */
    private List<String> argv(String... args) {
        Path target = Path.of("target").toAbsolutePath();
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Files.isRegularFile(target.resolve("virtseed.aot"))) {
            argv.addAll(List.of("-XX:AOTCache=" + target.resolve("virtseed.aot"), "-Xlog:aot=off,cds=off"));
        }
        argv.addAll(List.of("-jar", target.resolve("virtseed.jar").toString(), "--state-dir", state.toString(),
                "--connect", URI));
        argv.addAll(List.of(args));
        return argv;
    }

    /** A 10.252.X.0/24 no host route touches (other tests' networks included). */
    private static String freeCidr() {
        List<Ipv4Cidr> routes = new LinuxNetworkProvisioner(RUNNER).hostRoutes();
        for (int third = 10 + (int) (ProcessHandle.current().pid() % 200); third < 255; third++) {
            Ipv4Cidr c = Ipv4Cidr.parse("10.252." + third + ".0/24");
            if (routes.stream().noneMatch(c::overlaps)) {
                return c.toString();
            }
        }
        throw new IllegalStateException("no free 10.252.x.0/24 on this host");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
