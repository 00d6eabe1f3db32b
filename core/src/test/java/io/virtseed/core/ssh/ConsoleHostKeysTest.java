package io.virtseed.core.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.metadata.SshPublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys read from console text as cloud-init's keys_to_console prints it. */
class ConsoleHostKeysTest {

    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtzBYMwkcevJI7e0V1nUBY602bE/D42swLHWZog7I8U";
    static final String ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGcL9dJnR6FNiW5Vf"
            + "PzE41zxii+Ga2VVN7QbEAbxRRDIoVsbcciEqrRYBjZ39wbjnzkEl9CDdgRoU6f6QhhChbM=";
    static final String OTHER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMcyE7Pbnxp6mRZPv4rUXRjnl3eQklDVbAZoEqHdH/Ec";

    @TempDir
    Path dir;

    @Test
    void aFirstBootsConsoleGivesItsKeyAndNotTheFingerprintLines() throws IOException {
        Path log = dir.resolve("console.log");
        try (InputStream in = getClass().getResourceAsStream("/ssh/console-first-boot.txt")) {
            Files.write(log, in.readAllBytes());
        }
        assertThat(lines(ConsoleHostKeys.read(log))).containsExactly(ED25519);
    }

    @Test
    void everyKeyOfTheBlockInOrderWithJournaldsPrefixAndCarriageReturns() {
        String console = "[  50.1] cloud-init[431]: " + ConsoleHostKeys.BEGIN + "\r\r\n"
                + "[  50.1] cloud-init[431]: " + ECDSA + " root@g\r\n"
                + ED25519 + " root@g\r\n"
                + ConsoleHostKeys.END + "\r\n";
        assertThat(lines(ConsoleHostKeys.parse(console))).containsExactly(ECDSA, ED25519);
    }

    @Test
    void theLastCompleteBlockCountsAndAnUnfinishedOneDoesNot() {
        String console = block(ED25519) + "reboot: Restarting system\n" + block(OTHER)
                + ConsoleHostKeys.BEGIN + "\n" + ECDSA + "\n"; // cut off: the log ends mid-block
        assertThat(lines(ConsoleHostKeys.parse(console))).containsExactly(OTHER);
    }

    @Test
    void aLineOtherOutputCutIntoIsSkippedAndTheRestKept() {
        String console = ConsoleHostKeys.BEGIN + "\n"
                + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtzBYMw[   61.2] random: crng init done\n"
                + "[   61.3] EXT4-fs (vda): resizing filesystem\n"
                + ECDSA + " root@g\n" + ECDSA + " root@g\n"
                + ConsoleHostKeys.END + "\n";
        assertThat(lines(ConsoleHostKeys.parse(console))).containsExactly(ECDSA);
    }

    @Test
    void noBlockNoLogOrAnEmptyBlockGiveNoKeys() throws IOException {
        assertThat(ConsoleHostKeys.parse("Linux version 6.1.0\nlogin: ")).isEmpty();
        assertThat(ConsoleHostKeys.parse(ConsoleHostKeys.BEGIN + "\n" + ConsoleHostKeys.END + "\n")).isEmpty();
        assertThat(ConsoleHostKeys.read(dir.resolve("absent.log"))).isEmpty();
        Path binary = Files.write(dir.resolve("noise.log"), new byte[] {(byte) 0xff, 0, (byte) 0xc3, '\n'});
        assertThat(ConsoleHostKeys.read(binary)).isEmpty();
    }

    private static String block(String key) {
        return ConsoleHostKeys.BEGIN + "\n" + key + " root@g\n" + ConsoleHostKeys.END + "\n";
    }

    private static List<String> lines(List<SshPublicKey> keys) {
        return keys.stream().map(k -> k.type() + " " + k.body()).toList();
    }
}
