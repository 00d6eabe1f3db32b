package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a stand-in for /proc/sys/net/ipv4/ip_forward, which holds "0\n" or "1\n". */
class ForwardingCheckTest {

    @TempDir
    Path dir;

    private Path sysctl(String text) throws IOException {
        return Files.writeString(dir.resolve("ip_forward"), text);
    }

    @Test
    void onIsOk() throws IOException {
        assertThat(new ForwardingCheck(sysctl("1\n"), List.of("vsnat")).check().status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void offWithoutNatNetworksWarnsWithTheSysctl() throws IOException {
        Check c = new ForwardingCheck(sysctl("0\n"), List.of()).check();
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).startsWith("net.ipv4.ip_forward = 0");
        assertThat(c.fix().orElseThrow()).startsWith("sysctl -w net.ipv4.ip_forward=1");
    }

    @Test
    void offWithANatNetworkFailsNamingIt() throws IOException {
        Check c = new ForwardingCheck(sysctl("0\n"), List.of("vsnat")).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).contains("vsnat");
    }

    @Test
    void unreadableWarns() {
        assertThat(new ForwardingCheck(dir.resolve("absent"), List.of()).check().status()).isEqualTo(Check.Status.WARN);
    }
}
