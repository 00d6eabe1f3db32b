package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code virtseed ssh} into the Debian test guest on an isolated network: with the key virtseed
 * made for it (the spec's own key is in the guest too), as the image's default user, from the
 * network's namespace, the guest held to the host key it printed on its console; the remote
 * command's output and exit code come back. Needs root, libvirt and the guest built by
 * {@code samples/images/build-guest.sh}.
 */
@Tag("e2e")
class SshE2EIT {

    private static final String NAME = "vs-e2e-ssh";
    /** A key of the spec's own, of which no one holds the private half: it must sit beside virtseed's. */
    private static final String SPEC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq spec-key";

    private GuestHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new GuestHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void sshRunsACommandInTheGuestWithVirtseedsKeyAndThePinnedHostKey() throws Exception {
        harness.bootMarked(NAME, "configdrive", "ssh_keys: [ \"" + SPEC_KEY + "\" ]\n", "5m");
        Path dir = harness.instanceDir(NAME);
        assertThat(Files.getPosixFilePermissions(dir.resolve("id_ed25519")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

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

        harness.assertDownLeavesNothing(NAME);
    }

    private static String typeAndBody(String keyLine) {
        String[] f = keyLine.strip().split(" ");
        return f[0] + " " + f[1];
    }
}
