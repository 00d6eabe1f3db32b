package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a stand-in /sys: the kernel's AppArmor switch reads {@code Y} or {@code N}, its profile list
 * {@code NAME (MODE)} lines, SELinux's enforce file {@code 1} or {@code 0}.
 */
class SecurityModuleCheckTest {

    @TempDir
    Path sys;

    private final Path state = Path.of("/var/lib/virtseed");

    private SecurityModuleCheck check() {
        return new SecurityModuleCheck(sys, state);
    }

    private void write(String file, String text) throws IOException {
        Path p = sys.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void neitherInTheKernelIsOk() {
        assertThat(check().apparmor()).isEqualTo(Check.ok("apparmor", "not in this kernel"));
        assertThat(check().selinux()).isEqualTo(Check.ok("selinux", "not enabled"));
    }

    @Test
    void appArmorEnforcingLibvirtsProfileWarns() throws IOException {
        write("module/apparmor/parameters/enabled", "Y\n");
        write("kernel/security/apparmor/profiles", """
                virt-aa-helper (enforce)
                libvirtd//qemu_bridge_helper (enforce)
                libvirtd (enforce)
                /usr/sbin/dhclient (enforce)
                """);
        Check c = check().apparmor();
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).contains("libvirtd's profile enforces");
        assertThat(c.fix().orElseThrow()).contains("aa-complain /usr/sbin/libvirtd");
    }

    @Test
    void appArmorInComplainModeOrWithoutLibvirtsProfileIsOk() throws IOException {
        write("module/apparmor/parameters/enabled", "Y\n");
        write("kernel/security/apparmor/profiles", "libvirtd (complain)\n");
        assertThat(check().apparmor().status()).isEqualTo(Check.Status.OK);
        write("kernel/security/apparmor/profiles", "/usr/sbin/dhclient (enforce)\n");
        assertThat(check().apparmor().detail()).contains("no profile loaded");
    }

    @Test
    void appArmorEnabledWithoutSecurityfsWarns() throws IOException {
        write("module/apparmor/parameters/enabled", "Y\n");
        assertThat(check().apparmor().status()).isEqualTo(Check.Status.WARN);
    }

    @Test
    void appArmorSwitchedOffIsOk() throws IOException {
        write("module/apparmor/parameters/enabled", "N\n");
        assertThat(check().apparmor().detail()).isEqualTo("in the kernel, not enabled");
    }

    @Test
    void seLinuxEnforcingWarnsWithTheLabelForTheStateFolder() throws IOException {
        write("fs/selinux/enforce", "1");
        Check c = check().selinux();
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.fix().orElseThrow()).contains("'/var/lib/virtseed(/.*)?'");
        write("fs/selinux/enforce", "0");
        assertThat(check().selinux().detail()).startsWith("permissive");
    }

    @Test
    void aProfileIsFoundByItsWholeName() {
        assertThat(SecurityModuleCheck.profileMode(List.of("libvirtd//qemu_bridge_helper (enforce)", "libvirtd (complain)"),
                "libvirtd")).isEqualTo("complain");
    }
}
