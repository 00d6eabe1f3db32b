package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of one real guest through the CLI: {@code virtseed ssh} with the key virtseed made,
 * {@code virtseed console} to its serial getty
 * (log in, a command's output read back), {@code reboot} seen from that same console session, and
 * a guest that powers itself off from inside, which {@code show} then reports as shut off by the
 * guest with the event the metadata service recorded. The console log keeps being written while
 * the console is attached. Needs root, libvirt and the guest built by
 * {@code samples/images/build-guest.sh}.
 */
@Tag("e2e")
class LifecycleE2EIT {

    private static final String NAME = "vs-e2e-life";
    private static final String PASSWORD = "vs-e2e-console";
    /** A key of the spec's own, which the guest must accept beside the one virtseed made. */
    private static final String SPEC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq spec-key";

    private GuestHarness harness;
    private Path err;

    @BeforeEach
    void setUp() throws Exception {
        harness = new GuestHarness();
        err = Files.createTempFile("vs-e2e-console", ".err");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            harness.close();
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The test guest with a root password for the console and a file whose content the test changes. */
    private Path spec(String version, String memory) throws IOException {
        return harness.writeSpec(NAME + "-" + version + ".yaml", "name: " + NAME + "\n"
                + GuestHarness.guestLines().replace("memory: 1GiB", "memory: " + memory) + """
                hostname: %s.virtseed.test
                ssh_keys: [ "%s" ]
                user_data: |
                  #cloud-config
                  chpasswd: { expire: false, users: [ { name: root, password: %s, type: text } ] }
                  write_files:
                    - { path: /var/lib/vs-e2e/version, content: "user-data-%s\\n" }
                """.formatted(NAME, SPEC_KEY, PASSWORD, version));
    }

    @Test
    void consoleConvergeRebootAndAGuestThatPowersItselfOff() throws Exception {
        var up = harness.up(spec("v1", "1GiB"), NAME, "5m");
        assertThat(up.exitCode()).as(up.all() + "\nconsole:\n" + GuestHarness.tail(harness.console(NAME))).isZero();
        GuestHarness.assertReady(up, NAME);
        assertThat(harness.console(NAME)).as("cloud-init read the ISO config drive from the cdrom")
                .contains("DataSourceConfigDrive [net,ver=2][source=/dev/sr0]");
        var listed = harness.cli().run(60, "ls", "-o", "json");
        assertThat(listed.stdout()).contains("\"name\" : \"" + NAME + "\"", "\"state\" : \"running\"");
        assertSsh();
        String uuid = show().replaceAll("(?s).*\nuuid: +(\\S+).*", "$1");
        assertThat(uuid).matches("[0-9a-f-]{36}");

        Process console = harness.cli().start(err, "console", NAME);
        try {
            Screen screen = new Screen(console.getInputStream());
            OutputStream keys = console.getOutputStream();
            logIn(screen, keys);
            type(keys, "echo vs-shell-$((6*7))\r");
            screen.await("vs-shell-42", Duration.ofSeconds(60));
            assertThat(harness.console(NAME)).as("the log is written while the console is attached")
                    .contains("vs-shell-42");

            // converge: new user data is shown as a diff, then the drive is rebuilt and swapped under the guest
            Path v2 = spec("v2", "1GiB");
            var dry = harness.cli().run(120, "up", v2.toString(), "--dry-run");
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            assertThat(dry.stdout()).contains("~ " + NAME + " user_data: ", NAME + " would change: 1 change(s), in place");
            var converge = harness.cli().run(120, "up", v2.toString());
            assertThat(converge.exitCode()).as(converge.all()).isZero();
            assertThat(converge.stdout()).contains("~ " + NAME + " user_data: ")
                    .contains("(config drive rebuilt and swapped; instance-id kept)");
            int from = screen.mark();
            type(keys, "mount -o ro /dev/sr0 /mnt && grep -o 'user-data-v[0-9]' /mnt/openstack/latest/user_data;"
                    + " echo id=$(cat /var/lib/cloud/data/instance-id); umount /mnt\r");
            screen.awaitAfter(from, "id=" + uuid, Duration.ofSeconds(60));
            assertThat(screen.since(from)).as("the guest reads the new drive, with the same instance-id")
                    .contains("user-data-v2").doesNotContain("user-data-v1");

            int before = screen.mark();
            var reboot = harness.cli().run(60, "reboot", NAME);
            assertThat(reboot.exitCode()).as(reboot.all()).isZero();
            assertThat(reboot.stdout()).contains(NAME + " rebooting");
            // libvirt reboots a QEMU guest by ACPI: the guest powers down, and QEMU starts it again
            screen.awaitAfter(before, "reboot: Power down", Duration.ofMinutes(2));
            int rebooted = screen.mark();
            screen.awaitAfter(rebooted, "Linux version", Duration.ofMinutes(2));
            screen.awaitAfter(rebooted, "login:", Duration.ofMinutes(4));
            var show = harness.cli().run(60, "show", NAME);
            assertThat(show.stdout()).as(show.all()).contains("state:      running (booted)");

            logIn(screen, keys);
            type(keys, "poweroff\r");
            assertThat(console.waitFor(3, TimeUnit.MINUTES)).as("the console ends when the guest stops").isTrue();
            assertThat(console.exitValue()).isEqualTo(1);
            assertThat(Files.readString(err)).contains("console of " + NAME + " closed");
        } finally {
            console.destroyForcibly().waitFor();
        }

        String json = awaitShowJson("\"event\" : \"stopped\"", Duration.ofSeconds(30));
        assertThat(json).contains("\"state\" : \"shutoff\"", "\"reason\" : \"shutdown\"", "\"detail\" : \"shutdown\"");
        var ls = harness.cli().run(60, "ls");
        assertThat(ls.stdout()).containsPattern(NAME + " +shutoff \\(shutdown\\)");
        assertThat(harness.console(NAME)).as("the reboot and the power-off are in the log").contains("vs-shell-42")
                .containsPattern("(?s)reboot: Power down.*Linux version.*reboot: Power down");

        // what shaped the guest changes only with --recreate, which makes a new guest
        Path bigger = spec("v3", "768MiB");
        var refused = harness.cli().run(120, "up", bigger.toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.all()).contains("memory: 1GiB -> 768MiB", "--recreate");
        var recreated = harness.cli().run(300, "up", bigger.toString(), "--recreate");
        assertThat(recreated.exitCode()).as(recreated.all()).isZero();
        assertThat(recreated.stdout()).contains("! " + NAME + " memory: 1GiB -> 768MiB", "(made again)");
        assertThat(show()).contains("state:      running").doesNotContain(uuid);
        harness.assertDownLeavesNothing(NAME);
    }

    /**
     * {@code virtseed ssh}: virtseed's own key (0600), the host key the console printed pinned in
     * known_hosts, the image's default user, the spec's key accepted too, the remote exit code.
     */
    private void assertSsh() throws Exception {
        Path dir = harness.instanceDir(NAME);
        assertThat(Files.getPosixFilePermissions(dir.resolve("id_ed25519")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        var hostname = harness.cli().run(120, "ssh", NAME, "--", "hostname");
        assertThat(hostname.exitCode()).as(hostname.all()).isZero();
        assertThat(hostname.stdout().strip()).isEqualTo(NAME);

        String knownHosts = Files.readString(dir.resolve("known_hosts"));
        assertThat(knownHosts).as("the console's host key, filed under the instance's name")
                .startsWith(NAME + " ssh-ed25519 ");
        var hostKey = harness.cli().run(120, "ssh", NAME, "--", "cat", "/etc/ssh/ssh_host_ed25519_key.pub");
        assertThat(hostKey.exitCode()).as(hostKey.all()).isZero();
        assertThat(knownHosts.split(" ")[2].strip()).isEqualTo(hostKey.stdout().split(" ")[1].strip());

        var who = harness.cli().run(120, "ssh", NAME, "--", "id", "-un;", "cat", ".ssh/authorized_keys");
        assertThat(who.exitCode()).as(who.all()).isZero();
        assertThat(who.stdout()).startsWith("debian\n").contains(typeAndBody(SPEC_KEY))
                .contains(typeAndBody(Files.readString(dir.resolve("id_ed25519.pub"))));

        var exit = harness.cli().run(120, "ssh", NAME, "--", "exit", "7");
        assertThat(exit.exitCode()).as("ssh's exit code, which is the remote command's: " + exit.all()).isEqualTo(7);
    }

    private static String typeAndBody(String keyLine) {
        String[] f = keyLine.strip().split(" ");
        return f[0] + " " + f[1];
    }

    private String show() throws Exception {
        var show = harness.cli().run(60, "show", NAME);
        assertThat(show.exitCode()).as(show.all()).isZero();
        return show.stdout();
    }

    private void logIn(Screen screen, OutputStream keys) throws Exception {
        int from = screen.mark();
        type(keys, "\r"); // the getty prints its prompt again
        screen.awaitAfter(from, "login:", Duration.ofSeconds(90));
        from = screen.mark();
        type(keys, "root\r");
        screen.awaitAfter(from, "Password:", Duration.ofSeconds(60));
        from = screen.mark();
        type(keys, PASSWORD + "\r");
        screen.awaitAfter(from, ":~# ", Duration.ofSeconds(90));
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** {@code show -o json} once it contains {@code text} (the service records events as they come). */
    private String awaitShowJson(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            var show = harness.cli().run(60, "show", NAME, "-o", "json");
            last = show.all();
            if (show.stdout().contains(text)) {
                return show.stdout();
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("show never said " + text + ":\n" + last);
    }

    /** What the console printed so far, read as it comes, with waits for text. */
    private static final class Screen {
        private final StringBuilder seen = new StringBuilder();

        Screen(InputStream in) {
            Thread.ofPlatform().daemon().name("vs-e2e-console-reader").start(() -> {
                byte[] buf = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (seen) {
                            seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                            seen.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        String since(int from) {
            synchronized (seen) {
                return seen.substring(Math.min(from, seen.length()));
            }
        }

        int mark() {
            synchronized (seen) {
                return seen.length();
            }
        }

        void await(String text, Duration timeout) throws InterruptedException {
            awaitAfter(0, text, timeout);
        }

        void awaitAfter(int from, String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (seen) {
                while (seen.indexOf(text, from) < 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        String all = seen.toString();
                        throw new AssertionError("the console never showed '" + text + "'; it showed:\n"
                                + all.substring(Math.max(from, all.length() - 3000)));
                    }
                    TimeUnit.NANOSECONDS.timedWait(seen, left);
                }
            }
        }
    }
}
