package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.testing.HypervisorContract;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hypervisor contract against the real libvirtd and QEMU (TCG), as root: two state folders
 * on one daemon, each blind to the other's guests. The guest is an empty disk, so QEMU sits in
 * its BIOS until it is destroyed; nothing boots.
 */
class LibvirtSystemContractIT extends HypervisorContract {

    private static final String URI = "qemu:///system";
    private static final ProcessCommandRunner EXEC = new ProcessCommandRunner();

    private static Path work;
    private static LibvirtHypervisor hv;
    private static LibvirtHypervisor other;

    @BeforeAll
    static void connect() throws IOException {
        new LibvirtDaemon(DaemonPaths.host(), EXEC).ensureRunning().ifPresent(System.out::println);
        // QEMU runs as libvirt-qemu and must reach the disk: JUnit's @TempDir is mode 0700
        work = Files.createTempDirectory(Path.of("/tmp"), "vs-contract-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        EXEC.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", work.resolve("disk.qcow2").toString(), "1M"));
        hv = new LibvirtHypervisor(URI, ROOT);
        other = new LibvirtHypervisor(URI, OTHER_ROOT);
    }

    @AfterAll
    static void disconnect() throws IOException {
        for (LibvirtHypervisor h : new LibvirtHypervisor[] {hv, other}) {
            if (h != null) {
                h.close();
            }
        }
        if (work != null) {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The answer comes from the daemon, and needs both its KVM domain type and a CPU with vmx/svm:
     * on a host whose /dev/kvm opens but whose CPU lacks them, KVM guests never leave the BIOS.
     */
    @Test
    void kvmIsOfferedOnlyWhereTheConnectedHostCanRunIt() throws IOException {
        boolean domainType = EXEC.run(Command.of("virsh", "-c", URI, "domcapabilities", "--virttype", "kvm")
                .allowing(0, 1)).exitCode() == 0;
        boolean cpu = Files.readString(Path.of("/proc/cpuinfo")).matches("(?s).*\\bflags\\s*:[^\\n]*\\b(vmx|svm)\\b.*");
        assertThat(hv.kvmUsable()).isEqualTo(domainType && cpu);
    }

    /** Asked ahead, the answer is the daemon's as asked now; the next call takes it, the one after asks again. */
    @Test
    void kvmAskedAheadIsTheDaemonsAnswerTakenOnce() throws Exception {
        boolean now = hv.kvmUsable();
        hv.askKvmAhead();
        assertThat(hv.kvmUsable()).isEqualTo(now);
        assertThat(hv.kvmUsable()).isEqualTo(now);
        // an ask in flight holds the close back until it is answered; one after the close asks nothing
        LibvirtHypervisor third = new LibvirtHypervisor(URI, ROOT);
        Thread asking = Thread.ofPlatform().start(third::askKvmAhead);
        third.close();
        asking.join();
        assertThatCode(third::askKvmAhead).doesNotThrowAnyException();
    }

    /**
     * scripts/host-setup.sh installs ovmf, whose non-Secure-Boot build the daemon must then offer
     * for q35; without it, firmware: uefi would be refused on a host that can run it.
     */
    @Test
    void uefiIsOfferedForQ35WhereOvmfIsInstalled() {
        boolean ovmf = Files.isRegularFile(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"))
                || Files.isRegularFile(Path.of("/usr/share/OVMF/OVMF_CODE.fd"));
        assertThat(ovmf).as("ovmf is installed by scripts/host-setup.sh").isTrue();
        assertThat(hv.uefiAvailable(MachineType.Q35)).isTrue();
    }

    @Override
    protected Hypervisor hypervisor() {
        return hv;
    }

    @Override
    protected Hypervisor otherStateFolder() {
        return other;
    }

    @Override
    protected MachineRequest request(InstanceName name) {
        return new MachineRequest(name, UUID.nameUUIDFromBytes(name.value().getBytes()), 1, MemorySize.ofMiB(64),
                MachineType.PC, false, work.resolve("disk.qcow2"), Optional.empty(), work.resolve("console.log"),
                Optional.empty(), List.of());
    }
}
