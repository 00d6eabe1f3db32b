package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.testing.RealComponents;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import io.virtseed.libvirt.design.DesignerSettings;
import io.virtseed.libvirt.design.DomainDesigner;
import io.virtseed.libvirt.design.DomainRules;
import io.virtseed.libvirt.domain.Devices;
import io.virtseed.libvirt.domain.Disk;
import io.virtseed.libvirt.domain.Domain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real libvirtd and QEMU (TCG), as root: a designed domain boots a kernel that writes to the
 * serial log, and libvirt refuses what the designer never makes.
 */
class LibvirtQemuIT {

    private static final String URI = "qemu:///system";
    private static final InstanceName BOOT = InstanceName.of("vs-it-boot");
    private static final List<InstanceName> MADE = List.of(BOOT, InstanceName.of("vs-it-q35-ide"),
            InstanceName.of("vs-it-q35-sata"), InstanceName.of("vs-it-ro-ide"));
    private static final CommandRunner EXEC = new ProcessCommandRunner();
    /** The state folder the test domains are tagged with; nothing is written there. */
    private static final Path STATE_ROOT = Path.of("/tmp/vs-it-state");

    private static LibvirtHypervisor hv;
    private final DomainDesigner designer = new DomainDesigner(DesignerSettings.defaults(), STATE_ROOT);
    private Path work;

    @BeforeAll
    static void connect() {
        new LibvirtDaemon(DaemonPaths.host(), EXEC).ensureRunning().ifPresent(System.out::println);
        hv = new LibvirtHypervisor(URI, STATE_ROOT);
    }

    @AfterAll
    static void disconnect() {
        if (hv != null) {
            hv.close();
        }
    }

    @BeforeEach
    void makeWorkDir() throws IOException {
        removeOurDomains(); // leftovers of an earlier, killed run
        // QEMU runs as libvirt-qemu and must traverse this directory: JUnit's @TempDir is mode 0700
        work = Files.createTempDirectory(Path.of("/tmp"), "vs-it-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        try {
            removeOurDomains();
        } finally {
            if (work != null) {
                try (Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void designedGuestBootsAKernelToItsSerialLog() throws Exception {
        // the test guest's kernel, which the project builds; a host kernel in /boot may not exist
        Path kernel = Files.copy(RealComponents.testGuest().resolve("vmlinuz"), work.resolve("vmlinuz"));
        Path disk = work.resolve("disk.qcow2");
        run("qemu-img", List.of("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M"));
        Path iso = configIso();
        Path log = work.resolve("console.log");
        MachineRequest req = new MachineRequest(BOOT, UUID.randomUUID(), 1, MemorySize.ofMiB(256), MachineType.PC,
                false, disk, Optional.of(new MachineRequest.AttachedDrive(iso, DriveFormat.ISO9660)), log,
                Optional.of(new BootSpec(kernel, Optional.empty(), "console=ttyS0 panic=-1")), List.of());

        hv.define(req);
        assertThat(hv.owned()).contains(BOOT);
        hv.start(BOOT);
        assertThat(hv.state(BOOT)).contains(MachineState.RUNNING);
        awaitInLog(log, "Linux version", Duration.ofSeconds(60));

        hv.destroy(BOOT);
        assertThat(hv.state(BOOT)).contains(MachineState.SHUTOFF);
        hv.undefine(BOOT);
        assertThat(hv.state(BOOT)).isEmpty();
        assertThat(hv.owned()).doesNotContain(BOOT);
    }

    @Test
    void libvirtRefusesAnIdeCdromOnQ35WhichTheDesignerNeverMakes() {
        Domain sata = designer.design(q35IsoRequest(InstanceName.of("vs-it-q35-sata")));
        hv.define(sata); // the designer's q35 choice (SATA) is accepted by the real thing
        hv.undefine(InstanceName.of("vs-it-q35-sata"));

        Domain designed = designer.design(q35IsoRequest(InstanceName.of("vs-it-q35-ide")));
        Disk cdrom = designed.devices().disks().get(1);
        Domain ide = withDisks(designed, designed.devices().disks().get(0),
                new Disk(cdrom.device(), cdrom.format(), cdrom.source(), "hda", Disk.Bus.IDE, true));
        assertThat(DomainRules.violations(ide)).singleElement().asString().contains("no IDE controller");

        assertThatThrownBy(() -> hv.define(ide)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("IDE controllers are unsupported");
        assertThat(hv.state(InstanceName.of("vs-it-q35-ide"))).isEmpty();
    }

    @Test
    void libvirtRefusesAReadOnlyIdeDisk() {
        MachineRequest base = q35IsoRequest(InstanceName.of("vs-it-ro-ide"));
        MachineRequest pc = new MachineRequest(base.name(), base.uuid(), 1, base.memory(), MachineType.PC, false,
                base.rootDisk(), base.configDrive(), base.consoleLog(), Optional.empty(), List.of());
        Domain designed = designer.design(pc);
        Disk drive = designed.devices().disks().get(1);
        Domain roDisk = withDisks(designed, designed.devices().disks().get(0),
                new Disk(Disk.Device.DISK, drive.format(), drive.source(), "hda", Disk.Bus.IDE, true));

        assertThatThrownBy(() -> hv.define(roDisk)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("readonly ide disks are not supported");
    }

    private MachineRequest q35IsoRequest(InstanceName name) {
        return new MachineRequest(name, UUID.randomUUID(), 1, MemorySize.ofMiB(128), MachineType.Q35, false,
                work.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(work.resolve("disk.config"), DriveFormat.ISO9660)),
                work.resolve("console.log"), Optional.empty(), List.of());
    }

    private static Domain withDisks(Domain d, Disk... disks) {
        Devices v = d.devices();
        Devices devices = new Devices(v.emulator(), List.of(disks), v.interfaces(), v.serial(), v.memballoon(), v.rng());
        return new Domain(d.type(), d.name(), d.uuid(), d.memoryKib(), d.vcpus(), d.os(), d.features(), d.cpu(),
                d.sysinfo(), d.lifecycle(), devices, d.ownership());
    }

    private Path configIso() throws IOException {
        Path tree = Files.createDirectories(work.resolve("tree/openstack/latest"));
        Files.writeString(tree.resolve("meta_data.json"), "{\"uuid\": \"vs-it\"}");
        Path iso = work.resolve("disk.config");
        run("genisoimage", List.of("/usr/bin/genisoimage", "-quiet", "-o", iso.toString(), "-V", "config-2", "-J", "-r",
                work.resolve("tree").toString()));
        return iso;
    }

    private static void awaitInLog(Path log, String text, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                seen = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
                if (seen.contains(text)) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        fail("'" + text + "' did not appear in " + log + " within " + within.toSeconds() + " s; it holds "
                + seen.length() + " characters, ending: " + seen.substring(Math.max(0, seen.length() - 500)));
    }

    private static void run(String what, List<String> argv) throws IOException {
        EXEC.run(Command.of(argv).withTimeout(Duration.ofSeconds(60))); // throws, naming argv and stderr, on failure
    }

    private static void removeOurDomains() {
        List<RuntimeException> failures = new ArrayList<>();
        for (InstanceName name : MADE) {
            try {
                hv.destroy(name);
                hv.undefine(name);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
            throw failures.get(0);
        }
    }
}
