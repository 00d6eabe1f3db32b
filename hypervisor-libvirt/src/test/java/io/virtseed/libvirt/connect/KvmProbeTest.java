package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmProbeTest {

    @TempDir
    Path dir;

    @Test
    void usableWithOpenableDeviceAndVmxFlag() throws IOException {
        assertThat(probe(device(), cpuinfo("fpu vme de pse vmx sse2")).usable()).isTrue();
    }

    @Test
    void usableWithSvmFlag() throws IOException {
        assertThat(probe(device(), cpuinfo("fpu svm lm")).usable()).isTrue();
    }

    @Test
    void notUsableWhenTheCpuLacksVirtualizationThoughTheDeviceExists() throws IOException {
        // a nested guest often has /dev/kvm but no vmx/svm; flags that merely contain the letters do not count
        assertThat(probe(device(), cpuinfo("fpu vme vmx_ept svmx hypervisor")).usable()).isFalse();
    }

    @Test
    void notUsableWithoutTheDevice() throws IOException {
        assertThat(probe(dir.resolve("no-kvm"), cpuinfo("vmx")).usable()).isFalse();
    }

    @Test
    void notUsableWithoutCpuinfo() throws IOException {
        assertThat(probe(device(), dir.resolve("no-cpuinfo")).usable()).isFalse();
    }

    private static KvmProbe probe(Path device, Path cpuinfo) {
        return new KvmProbe(device, cpuinfo);
    }

    private Path device() throws IOException {
        return Files.createFile(dir.resolve("kvm"));
    }

    private Path cpuinfo(String flags) throws IOException {
        String cpu = "processor\t: %d\nvendor_id\t: GenuineIntel\nflags\t\t: %s\nbugs\t\t: spectre_v1\n\n";
        return Files.writeString(dir.resolve("cpuinfo"), cpu.formatted(0, "fpu") + cpu.formatted(1, flags));
    }
}
