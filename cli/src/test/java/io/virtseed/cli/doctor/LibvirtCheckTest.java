package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.libvirt.daemon.DaemonPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtCheckTest {

    private static final String URI = "qemu:///system";

    @TempDir
    Path dir;

    private DaemonPaths paths(boolean installed, boolean systemd) throws IOException {
        Path libvirtd = dir.resolve("libvirtd");
        if (installed) {
            Files.createFile(libvirtd, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Path marker = dir.resolve("systemd");
        if (systemd) {
            Files.createDirectory(marker);
        }
        return new DaemonPaths(libvirtd, dir.resolve("virtlogd"), dir.resolve("libvirt-sock"), dir.resolve("virtlogd-sock"),
                marker, Duration.ofSeconds(1));
    }

    private static FakeTools refused() {
        return new FakeTools().fails(1, FakeTools.fixture("virsh-version-refused.txt"), "virsh", "-c", URI, "version");
    }

    @Test
    void aDaemonThatAnswersIsOkWithItsHypervisor() throws IOException {
        var tools = new FakeTools().out(FakeTools.fixture("virsh-version.txt"), "virsh", "-c", URI, "version");
        Check c = new LibvirtCheck(tools.probe(), URI, paths(true, false)).check();
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).isEqualTo("answers at qemu:///system (QEMU 7.2.22)");
    }

    @Test
    void aDaemonThatIsDownIsOnlyAskedAboutNeverStarted() throws IOException {
        var tools = refused();
        Check c = new LibvirtCheck(tools.probe(), URI, paths(true, false)).check();
        assertThat(tools.runner().argvs()).isEqualTo(List.of(List.of("virsh", "-c", URI, "version")));
        // without systemd virtseed's commands start it themselves: a warning, with what starts it by hand
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).contains("Connection refused").contains("no systemd");
        assertThat(c.fix()).hasValue(dir.resolve("virtlogd") + " -d; " + dir.resolve("libvirtd") + " -d (then run the doctor again)");
    }

    @Test
    void aDaemonSystemdShouldRunFailsWithSystemctl() throws IOException {
        Check c = new LibvirtCheck(refused().probe(), URI, paths(true, true)).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix().orElseThrow()).startsWith("systemctl start libvirtd");
    }

    @Test
    void noDaemonInstalledFailsWithThePackage() throws IOException {
        Check c = new LibvirtCheck(refused().probe(), URI, paths(false, false)).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix()).hasValue("apt-get install libvirt-daemon-system");
    }

    @Test
    void noVirshFailsWithItsPackage() throws IOException {
        Check c = new LibvirtCheck(new FakeTools().probe(), URI, paths(true, false)).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix()).hasValue("apt-get install libvirt-clients");
    }

    @Test
    void anotherUriThatDoesNotAnswerFails() throws IOException {
        String uri = "qemu+ssh://vs-host/system";
        var tools = new FakeTools().fails(1, FakeTools.fixture("virsh-version-refused.txt"), "virsh", "-c", uri, "version");
        Check c = new LibvirtCheck(tools.probe(), uri, paths(true, false)).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).startsWith("does not answer at " + uri);
    }
}
