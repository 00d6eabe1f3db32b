package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian test guest on the {@code q35} machine, which has no IDE: the ISO config drive
 * sits on a SATA cdrom (AHCI), once with the BIOS and once with {@code firmware: uefi} on OVMF,
 * whose variable store is the instance's own file. {@code down} then leaves nothing, that file
 * included. Needs root, libvirt, OVMF (installed by {@code scripts/host-setup.sh}) and the guest
 * built by {@code samples/images/build-guest.sh}; boots one guest at a time.
 */
@Tag("e2e")
class Q35BootE2EIT {

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
    void guestOnQ35ReadsTheIsoConfigDriveFromASataCdrom() throws Exception {
        String name = "vs-e2e-q35";
        String log = harness.bootMarked(name, "configdrive", "machine: q35\n", "5m");
        String xml = domainXml(name);
        assertThat(xml).containsPattern("machine='pc-q35-[^']*'");
        assertThat(xml).containsPattern("(?s)<disk type='file' device='cdrom'>.*?<target dev='sda' bus='sata'/>");
        assertThat(log).contains("DataSourceConfigDrive [net,ver=2][source=/dev/sr0]");
        assertThat(log).contains("VS_E2E hostname=" + name + " marker=from-user-data cloud-id=configdrive");
        // the BIOS boot: no EFI system table handed to the kernel
        assertThat(log).doesNotContain("by EDK II");
        harness.assertDownLeavesNothing(name);
    }

    @Test
    void guestOnQ35WithUefiBootsThroughOvmf() throws Exception {
        String name = "vs-e2e-q35-uefi";
        String log = harness.bootMarked(name, "configdrive", "machine: q35\nfirmware: uefi\n", "5m");
        Path nvram = harness.instanceDir(name).resolve("uefi-vars.fd");
        String xml = domainXml(name);
        assertThat(xml).containsPattern("<loader readonly='yes' type='pflash'>[^<]*OVMF[^<]*</loader>");
        assertThat(xml).containsPattern("<nvram template='[^']*'>" + Pattern.quote(nvram.toString())
                + "</nvram>");
        assertThat(nvram).as("the variable store libvirt copied from OVMF's template").isNotEmptyFile();
        // the kernel's EFI stub ran and found OVMF's system table
        assertThat(log).contains("EFI stub: ").containsPattern("efi: EFI v[0-9.]+ by EDK II");
        assertThat(log).contains("DataSourceConfigDrive [net,ver=2][source=/dev/sr0]");
        assertThat(log).contains("VS_E2E hostname=" + name + " marker=from-user-data cloud-id=configdrive");
        harness.assertDownLeavesNothing(name);
        assertThat(nvram).doesNotExist();
    }

    /** The live domain's XML as libvirt expanded it (versioned machine, chosen firmware files). */
    private static String domainXml(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "dumpxml", name)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("virsh dumpxml failed:\n" + out).isZero();
        return out;
    }
}
