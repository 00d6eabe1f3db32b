package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * The lean listing against the real libvirtd, as root: a guest of this state folder running and
 * one shut off, one of another state folder running, and one of someone else (no tag) shut off.
 * It must give what the adapter gives. The disks are empty, so QEMU sits in its BIOS.
 */
class LeanListingSystemIT {

    private static final String URI = "qemu:///system";
    private static final ProcessCommandRunner EXEC = new ProcessCommandRunner();
    private static final InstanceName RUNNING = InstanceName.of("vs-leanit-running");
    private static final InstanceName STOPPED = InstanceName.of("vs-leanit-stopped");
    private static final InstanceName ELSEWHERE = InstanceName.of("vs-leanit-elsewhere");
    private static final InstanceName FOREIGN = InstanceName.of("vs-leanit-foreign");
    private static final InstanceName ABSENT = InstanceName.of("vs-leanit-absent");

    @Test
    void givesWhatTheAdapterGives() throws Exception {
        new LibvirtDaemon(DaemonPaths.host(), EXEC).ensureRunning().ifPresent(System.out::println);
        // QEMU runs as libvirt-qemu and must reach the disks: JUnit's @TempDir is mode 0700
        Path work = Files.createTempDirectory(Path.of("/tmp"), "vs-leanit-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = work.resolve("state");
        Path otherRoot = work.resolve("other-state");
        LibvirtHypervisor hv = null;
        LibvirtHypervisor other = null;
        Connect someoneElse = null;
        try {
            hv = new LibvirtHypervisor(URI, root);
            other = new LibvirtHypervisor(URI, otherRoot);
            someoneElse = new Connect(URI);
            hv.define(request(RUNNING, work));
            hv.start(RUNNING);
            hv.define(request(STOPPED, work));
            other.define(request(ELSEWHERE, work));
            other.start(ELSEWHERE);
            someoneElse.domainDefineXML("<domain type='qemu'><name>" + FOREIGN + "</name>"
                    + "<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>").free();

            Set<InstanceName> names = Set.of(RUNNING, STOPPED, ELSEWHERE, FOREIGN, ABSENT);
            Map<InstanceName, MachineStatus> adapter = hv.states(names);
            assertThat(adapter).containsOnlyKeys(RUNNING, STOPPED);
            assertThat(adapter.get(RUNNING).state()).isEqualTo(MachineState.RUNNING);
            assertThat(adapter.get(STOPPED).state()).isEqualTo(MachineState.SHUTOFF);
            assertThat(LeanListing.states(URI, root, names)).contains(adapter);
            assertThat(LeanListing.states(URI, otherRoot, names)).contains(other.states(names))
                    .hasValueSatisfying(m -> assertThat(m).containsOnlyKeys(ELSEWHERE));
        } finally {
            try {
                if (someoneElse != null) {
                    TestDomains.removeAll(someoneElse, "vs-leanit-");
                    someoneElse.close();
                }
            } finally {
                for (LibvirtHypervisor h : new LibvirtHypervisor[] {hv, other}) {
                    if (h != null) {
                        h.close();
                    }
                }
                try (Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** A guest of its own disk: two running guests cannot share one writable image. */
    private static MachineRequest request(InstanceName name, Path work) {
        Path disk = work.resolve(name.value() + ".qcow2");
        EXEC.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "1M"));
        return new MachineRequest(name, UUID.randomUUID(), 1, MemorySize.ofMiB(64), MachineType.PC, false, disk,
                Optional.empty(), work.resolve(name.value() + ".log"), Optional.empty(), List.of());
    }
}
