package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the end-to-end tests share: a private state directory, the packaged CLI, the Debian test
 * guest, and the checks that {@code down} leaves nothing behind. {@link #close()} removes every
 * instance the test brought up and the state directory, also when the test failed.
 *
 * <pre>{@code
 * try (var h = new GuestHarness()) { var up = h.up(h.writeSpec("x.yaml", yaml), "vs-e2e-x", "5m"); ... }
 * }</pre>
 */
final class GuestHarness implements AutoCloseable {

    private final Path stateDir;
    private final CliProcess cli;
    private final List<String> names = new ArrayList<>();
    private CliProcess.Result lastUp;

    GuestHarness() throws IOException {
        // under /tmp: every folder on the way is traversable by the unprivileged QEMU user
        stateDir = Files.createTempDirectory(Path.of("/tmp"), "vs-e2e-state");
        cli = new CliProcess(stateDir);
    }

    CliProcess cli() {
        return cli;
    }

    /** The test guest built by {@code samples/images/build-guest.sh}: disk.qcow2, vmlinuz, initrd.img. */
    static Path guest() {
        Path dir = Path.of(System.getenv().getOrDefault("VIRTSEED_CACHE_DIR", "/var/cache/virtseed"),
                "guest", "debian-12-cloudinit");
        assertThat(dir.resolve("disk.qcow2")).as("test guest; build it with samples/images/build-guest.sh").exists();
        return dir;
    }

    /** The spec lines that boot the test guest directly from its kernel, as {@code image:} and {@code boot:}. */
    static String guestLines() {
        Path g = guest();
        return """
                image: %s
                cpus: 2
                memory: 1GiB
                boot: { kernel: %s, initrd: %s, cmdline: "root=/dev/vda rw console=ttyS0" }
                """.formatted(g.resolve("disk.qcow2"), g.resolve("vmlinuz"), g.resolve("initrd.img"));
    }

    Path writeSpec(String fileName, String yaml) throws IOException {
        return Files.writeString(stateDir.resolve(fileName), yaml);
    }

    /**
     * Boots the test guest with this datasource and user data that prints
     * {@code VS_E2E hostname=... marker=... cloud-id=...} on the console, waits for it to be ready
     * and returns the console. The spec may add lines ({@code extra}, YAML at the top level).
     */
    String bootMarked(String name, String datasource, String extra, String timeout) throws Exception {
        return bootMarked(name, datasource, extra, "", timeout);
    }

    /** As above, with more cloud-config keys ({@code cloudConfig}: lines indented by two spaces). */
    String bootMarked(String name, String datasource, String extra, String cloudConfig, String timeout)
            throws Exception {
        Path spec = writeSpec(name + ".yaml", "name: " + name + "\n" + guestLines() + extra + """
                hostname: %s.virtseed.test
                datasource: %s
                user_data: |
                  #cloud-config
                %s  write_files:
                    - { path: /var/lib/vs-e2e/marker, content: "from-user-data\\n" }
                  runcmd:
                    - [ sh, -c, 'echo "VS_E2E hostname=$(hostname) marker=$(cat /var/lib/vs-e2e/marker) cloud-id=$(cat /run/cloud-init/cloud-id)" > /dev/ttyS0' ]
                """.formatted(name, datasource, cloudConfig));
        lastUp = up(spec, name, timeout);
        String log = console(name);
        assertThat(lastUp.exitCode()).as(lastUp.all() + "\nconsole:\n" + tail(log)).isZero();
        assertReady(lastUp, name);
        return log;
    }

    /** What the last {@link #bootMarked} run of {@code up} printed. */
    CliProcess.Result lastUp() {
        return lastUp;
    }

    /** {@code virtseed up SPEC --wait}; the instance is removed by {@link #close()} whatever happens. */
    CliProcess.Result up(Path spec, String name, String timeout) throws IOException, InterruptedException {
        names.add(name);
        return cli.run(900, "up", spec.toString(), "--wait", "--timeout", timeout);
    }

    /**
     * {@code up --wait} printed the sign that ended the wait (the guest's phone-home, for a guest
     * with a NIC; else the console marker) with cloud-init's final message, and one timings line
     * with every phase. journald forwards cloud-init's output to the console with a
     * {@code [uptime] cloud-init[pid]: } prefix, which the line may carry.
     */
    static void assertReady(CliProcess.Result up, String name) {
        assertThat(up.stdout()).as(up.all()).containsPattern(Pattern.compile("(?m)^" + Pattern.quote(name)
                + " ready: (phone-home at \\S+; |console marker at \\S+: )(\\[ *[0-9.]+\\] cloud-init\\[[0-9]+\\]: )?"
                + "Cloud-init v\\. \\S+ finished at "));
        assertThat(up.stdout()).as(up.all()).containsPattern(Pattern.compile("(?m)^" + Pattern.quote(name)
                + " timings: image [0-9.]+s network [0-9.]+s drive [0-9.]+s define [0-9.]+s boot [0-9.]+s"
                + "( metadata [0-9.]+s)? ready [0-9.]+s$"));
    }

    /** The instance's folder in this state directory. */
    Path instanceDir(String name) {
        return stateDir.resolve("instances").resolve(name);
    }

    /** The guest's serial console as libvirt recorded it; empty when there is none yet. */
    String console(String name) throws IOException {
        Path log = stateDir.resolve("instances").resolve(name).resolve("console.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** {@code virtseed down NAME} succeeds and leaves no state folder and no libvirt domain. */
    void assertDownLeavesNothing(String name) throws IOException, InterruptedException {
        var down = cli.run(120, "down", name);
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(stateDir.resolve("instances").resolve(name)).doesNotExist();
        var show = cli.run(60, "show", name);
        assertThat(show.exitCode()).as(show.all()).isEqualTo(2);
        assertThat(virshDomains()).doesNotContain(name);
    }

    static String virshDomains() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // a failing virsh lists nothing: "domain gone" must not pass because virsh could not ask
        assertThat(p.waitFor()).as("virsh list failed:\n" + out).isZero();
        return out;
    }

    /** Removes every network of this state folder (the default one that {@code up} made, and the test's). */
    void removeNetworks() throws IOException, InterruptedException {
        Path nets = stateDir.resolve("networks");
        if (!Files.isDirectory(nets)) {
            return;
        }
        try (Stream<Path> list = Files.list(nets)) {
            for (Path n : list.toList()) {
                var rm = cli.run(120, "net", "rm", n.getFileName().toString());
                assertThat(rm.exitCode()).as(rm.all()).isZero();
            }
        }
    }

    static String tail(String log) {
        return log.length() < 4000 ? log : log.substring(log.length() - 4000);
    }

    @Override
    public void close() throws Exception {
        try {
            for (String name : names) {
                cli.run(120, "down", name); // already gone after a passing test: exit 1, nothing to do
            }
            removeNetworks();
        } finally {
            if (Files.exists(stateDir)) {
                try (Stream<Path> walk = Files.walk(stateDir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
