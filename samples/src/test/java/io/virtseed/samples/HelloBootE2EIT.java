package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian test guest through {@code virtseed up} under real libvirt and QEMU and checks,
 * from the serial console, that the guest's own cloud-init read our config drive: the datasource,
 * the hostname from meta_data.json and the user data's marker. Needs root, libvirt and the guest
 * built by {@code samples/images/build-guest.sh}.
 */
@Tag("e2e")
class HelloBootE2EIT {

    private static final String NAME = "vs-e2e-hello";

    private Path stateDir;
    private CliProcess cli;

    @BeforeEach
    void setUp() throws IOException {
        // under /tmp: every folder on the way is traversable by the unprivileged QEMU user
        stateDir = Files.createTempDirectory(Path.of("/tmp"), "vs-e2e-state");
        cli = new CliProcess(stateDir);
    }

    @AfterEach
    void tearDown() throws Exception {
        cli.run(120, "down", NAME);
        if (Files.exists(stateDir)) {
            try (Stream<Path> walk = Files.walk(stateDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path guest() {
        Path dir = Path.of(System.getenv().getOrDefault("VIRTSEED_CACHE_DIR", "/var/cache/virtseed"),
                "guest", "debian-12-cloudinit");
        assertThat(dir.resolve("disk.qcow2")).as("test guest; build it with samples/images/build-guest.sh").exists();
        return dir;
    }

    @Test
    void guestConfiguresItselfFromTheConfigDrive() throws Exception {
        Path g = guest();
        Path spec = stateDir.resolve("hello.yaml");
        Files.writeString(spec, """
                name: %s
                image: %s
                cpus: 2
                memory: 1GiB
                boot: { kernel: %s, initrd: %s, cmdline: "root=/dev/vda rw console=ttyS0" }
                hostname: vs-e2e-hello.virtseed.test
                user_data: |
                  #cloud-config
                  write_files:
                    - { path: /var/lib/vs-e2e/marker, content: "from-user-data\\n" }
                  runcmd:
                    - [ sh, -c, 'echo "VS_E2E hostname=$(hostname) marker=$(cat /var/lib/vs-e2e/marker)" > /dev/ttyS0' ]
                """.formatted(NAME, g.resolve("disk.qcow2"), g.resolve("vmlinuz"), g.resolve("initrd.img")));

        var up = cli.run(900, "up", spec.toString(), "--wait", "--timeout", "10m");
        Path console = stateDir.resolve("instances").resolve(NAME).resolve("console.log");
        String log = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
        assertThat(up.exitCode()).as(up.all() + "\nconsole:\n" + tail(log)).isZero();
        assertThat(up.stdout()).contains(NAME + " ready: Cloud-init v.");
        assertThat(log).contains("DataSourceConfigDrive");
        assertThat(log).contains("VS_E2E hostname=vs-e2e-hello marker=from-user-data");

        var ls = cli.run(60, "ls", "-o", "json");
        assertThat(ls.stdout()).contains("\"name\" : \"" + NAME + "\"", "\"state\" : \"running\"");

        var down = cli.run(120, "down", NAME);
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(stateDir.resolve("instances").resolve(NAME)).doesNotExist();
        var show = cli.run(60, "show", NAME);
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(virshDomains()).doesNotContain(NAME);
    }

    private static String virshDomains() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String tail(String log) {
        return log.length() < 4000 ? log : log.substring(log.length() - 4000);
    }
}
