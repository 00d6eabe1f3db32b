package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** qemu, qemu-img, dnsmasq and iptables, as their version lines read. */
class ToolChecksTest {

    private static final ToolCheck QEMU_IMG = new ToolCheck("qemu-img", "qemu-img", "qemu-utils", "disks are made with it");
    /** What iptables on nf_tables prints where it may not read the kernel's tables. */
    private static final String NFT_DENIED =
            "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n";

    @Test
    void anInstalledToolReportsItsVersionLine() {
        Check c = QEMU_IMG.check(FakeTools.debianHost("qemu:///system").probe());
        assertThat(c).isEqualTo(Check.ok("qemu-img", "qemu-img version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)"));
    }

    @Test
    void dnsmasqsCopyrightIsLeftOut() {
        var dnsmasq = new ToolCheck("dnsmasq", "dnsmasq", "dnsmasq-base", "it serves DHCP");
        assertThat(dnsmasq.check(FakeTools.debianHost("qemu:///system").probe()).detail()).isEqualTo("Dnsmasq version 2.90");
    }

    @Test
    void aMissingToolFailsWithItsPackage() {
        Check c = QEMU_IMG.check(new FakeTools().probe());
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).isEqualTo("qemu-img not found; disks are made with it");
        assertThat(c.fix()).hasValue("apt-get install qemu-utils");
    }

    @Test
    void qemuIsTheEmulatorOfThisArchitecture() {
        assertThat(ToolCheck.qemu("amd64").program()).isEqualTo("qemu-system-x86_64");
        assertThat(ToolCheck.qemu("aarch64")).extracting(ToolCheck::program, ToolCheck::debPackage)
                .containsExactly("qemu-system-aarch64", "qemu-system-arm");
        assertThat(ToolCheck.qemu("amd64").check(FakeTools.debianHost("qemu:///system").probe()).detail())
                .startsWith("QEMU emulator version 7.2.22");
    }

    @Test
    void iptablesNamesItsBackend() {
        assertThat(new IptablesCheck(FakeTools.debianHost("qemu:///system").probe()).check())
                .isEqualTo(Check.ok("iptables", "iptables v1.8.9 (nf_tables), nft backend"));
        var legacy = FakeTools.debianHost("qemu:///system").out("iptables v1.8.9 (legacy)\n", "iptables", "-V");
        assertThat(new IptablesCheck(legacy.probe()).check().detail()).endsWith("legacy backend");
    }

    @Test
    void aBackendThatCannotReadTheTablesFailsWithTheOtherOne() {
        var tools = FakeTools.debianHost("qemu:///system").fails(4, NFT_DENIED, "iptables", "-w", "-S", "FORWARD");
        Check c = new IptablesCheck(tools.probe()).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).contains("nft backend cannot read").contains("Permission denied");
        assertThat(c.fix().orElseThrow()).endsWith("update-alternatives --set iptables /usr/sbin/iptables-legacy");
    }

    @Test
    void noIptablesFails() {
        Check c = new IptablesCheck(new FakeTools().probe()).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix()).hasValue("apt-get install iptables");
    }
}
