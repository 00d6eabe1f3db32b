package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmCheckTest {

    private static final String URI = "qemu:///system";
    /** What libvirt 9 prints where its QEMU cannot open /dev/kvm or no kvm module is loaded. */
    private static final String NO_KVM = "error: failed to get emulator capabilities\n"
            + "error: invalid argument: KVM is not supported by '/usr/bin/qemu-system-x86_64' on this host\n";

    @TempDir
    Path dir;

    private Path device() throws IOException {
        return Files.createFile(dir.resolve("kvm"));
    }

    @Test
    void notAskedWhenLibvirtDoesNotAnswer() {
        var tools = FakeTools.debianHost(URI);
        Check c = new KvmCheck(tools.probe(), URI, dir.resolve("kvm")).check(false);
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).startsWith("not checked").contains("there is no " + dir.resolve("kvm"));
        assertThat(tools.runner().commands()).isEmpty();
    }

    @Test
    void kvmOfferedOnACpuWithoutVmxIsTcgAndSaysWhy() throws IOException {
        Check c = new KvmCheck(FakeTools.debianHost(URI).probe(), URI, device()).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).contains("TCG").contains("neither vmx nor svm");
        assertThat(c.fix()).isPresent();
    }

    @Test
    void kvmOfferedOnACpuWithVmxIsOk() throws IOException {
        String caps = FakeTools.fixture("capabilities-no-vmx.xml")
                .replace("<feature name='vme'/>", "<feature name='vme'/>\n      <feature name='vmx'/>");
        var tools = FakeTools.debianHost(URI).out(caps, "virsh", "-c", URI, "capabilities");
        Check c = new KvmCheck(tools.probe(), URI, device()).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).contains("KVM");
    }

    @Test
    void aDeviceQemuCannotUseIsTcgWithLibvirtsReasonAndTheDeviceFix() throws IOException {
        var tools = FakeTools.debianHost(URI).fails(1, NO_KVM, "virsh", "-c", URI, "domcapabilities", "--virttype", "kvm");
        Check c = new KvmCheck(tools.probe(), URI, device()).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).contains("TCG").contains("KVM is not supported by '/usr/bin/qemu-system-x86_64' on this host");
        assertThat(c.fix()).hasValue(KvmDeviceCheck.FIX);
    }

    @Test
    void aDriverOtherThanQemusIsNotAsked() {
        var tools = FakeTools.debianHost("test:///default");
        Check c = new KvmCheck(tools.probe(), "test:///default", dir.resolve("kvm")).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).startsWith("not checked");
        assertThat(tools.runner().commands()).isEmpty();
    }

    @Test
    void noDeviceIsTcgWithTheModuleToLoad() {
        var tools = FakeTools.debianHost(URI).fails(1, NO_KVM, "virsh", "-c", URI, "domcapabilities", "--virttype", "kvm");
        Check c = new KvmCheck(tools.probe(), URI, dir.resolve("kvm")).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.WARN);
        assertThat(c.detail()).contains("there is no " + dir.resolve("kvm"));
        assertThat(c.fix().orElseThrow()).startsWith("modprobe kvm_intel");
    }
}
