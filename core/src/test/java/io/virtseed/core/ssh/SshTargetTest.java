package io.virtseed.core.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.value.IpAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The argument list handed to ssh, and what may not go into it. */
class SshTargetTest {

    private static final Path DIR = Path.of("/var/lib/virtseed/instances/web1");

    private static SshTarget target(boolean pinned) {
        return new SshTarget("debian", IpAddress.parse("10.231.78.10"), "web1", Optional.of("vs-0a1b2c"),
                Optional.of(DIR.resolve("id_ed25519")), DIR.resolve("known_hosts"), pinned);
    }

    @Test
    void aPinnedTargetRunsSshInTheNamespaceWithOnlyItsKeyAndStrictHostKeys() {
        assertThat(target(true).argv(List.of("hostname", "-f"), true)).containsExactly(
                "ip", "netns", "exec", "vs-0a1b2c", "ssh",
                "-i", "/var/lib/virtseed/instances/web1/id_ed25519", "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=/var/lib/virtseed/instances/web1/known_hosts",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "HostKeyAlias=web1",
                "-o", "StrictHostKeyChecking=yes", "-o", "UpdateHostKeys=no", "-o", "CheckHostIP=no",
                "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                "-l", "debian", "10.231.78.10", "--", "hostname", "-f");
    }

    @Test
    void interactiveWithoutACommandAndTrustOnFirstUseWhenNotPinned() {
        List<String> argv = new SshTarget("root", IpAddress.parse("10.0.0.9"), "db", Optional.empty(),
                Optional.empty(), DIR.resolve("known_hosts"), false).argv(List.of(), false);
        assertThat(argv.get(0)).isEqualTo("ssh");
        assertThat(argv).contains("StrictHostKeyChecking=accept-new").doesNotContain("BatchMode=yes", "-i", "--")
                .endsWith("-l", "root", "10.0.0.9");
    }

    @Test
    void aUserThatCouldPassForAnOptionIsRefused() {
        assertThatThrownBy(() -> new SshTarget("-oProxyCommand=x", IpAddress.parse("10.0.0.9"), "db", Optional.empty(),
                Optional.empty(), DIR.resolve("known_hosts"), true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a user name");
    }

    @Test
    void aPathSshWouldExpandOrSplitIsRefused() {
        for (String bad : List.of("/tmp/my state/known_hosts", "/tmp/100%d/known_hosts", "relative/known_hosts")) {
            assertThatThrownBy(() -> new SshTarget("root", IpAddress.parse("10.0.0.9"), "db", Optional.empty(),
                    Optional.empty(), Path.of(bad), true)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ssh cannot be given the path");
        }
    }
}
