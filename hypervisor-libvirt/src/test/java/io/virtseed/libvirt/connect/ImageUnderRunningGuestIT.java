package io.virtseed.libvirt.connect;

import io.virtseed.core.spec.ImageRef;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.Phase;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image store under a guest that real QEMU runs: re-importing the image the guest's disk is
 * layered on leaves that disk reading back what it was made from, and after libvirt's DAC
 * driver has labelled the base image for the guest, the image is still usable and removable.
 */
class ImageUnderRunningGuestIT {

    private static final InstanceName NAME = InstanceName.of("vs-img-guest");
    private static final ProcessCommandRunner EXEC = new ProcessCommandRunner();

    private Path state;
    private LibvirtHypervisor hv;

    @BeforeEach
    void setUp() throws IOException {
        new LibvirtDaemon(DaemonPaths.host(), EXEC).ensureRunning().ifPresent(System.out::println);
        // QEMU runs as libvirt-qemu and must reach the files: JUnit's @TempDir is mode 0700
        state = Files.createTempDirectory(Path.of("/tmp"), "vs-img-guest-");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        hv = new LibvirtHypervisor("qemu:///system", state);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            hv.destroy(NAME);
            hv.undefine(NAME);
            hv.close();
        } finally {
            try (Stream<Path> all = Files.walk(state)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void reimportUnderARunningGuestChangesNothingItReads() throws Exception {
        var images = new ImageStore(state, EXEC);
        BaseImage first = images.importImage("vs-img", raw("v1", 'a'), Optional.empty());
        var instances = new InstanceStore(state);
        Path dir = instances.createDir(NAME);
        instances.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, NAME.value(), UUID.randomUUID(), "vs-img",
                NAME.value(), Datasource.CONFIGDRIVE,
                MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(), List.of()));
        Path disk = dir.resolve("disk.qcow2");
        images.createOverlay(first, disk, Optional.empty());
        hv.define(new MachineRequest(NAME, UUID.randomUUID(), 1, MemorySize.ofMiB(64), MachineType.PC, false, disk,
                Optional.empty(), dir.resolve("console.log"), Optional.empty(), List.of()));
        hv.start(NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);

        BaseImage second = images.importImage("vs-img", raw("v2", 'b'), Optional.empty());
        assertThat(second.path()).isNotEqualTo(first.path());
        assertThat(first.path()).exists();
        assertThat(readBack(disk)).as("the running guest's disk").isEqualTo('a');

        hv.destroy(NAME);
        hv.undefine(NAME);
        // whatever owner libvirt's DAC driver left on the base, the store goes on using it
        images.createOverlay(images.resolve(ImageRef.ofText("vs-img")), state.resolve("again.qcow2"), Optional.empty());
        assertThat(readBack(state.resolve("again.qcow2"))).isEqualTo('b');
        instances.deleteDir(NAME);
        images.remove("vs-img");
        assertThat(images.names()).isEmpty();
    }

    private Path raw(String name, char fill) throws IOException {
        byte[] content = new byte[1 << 20];
        Arrays.fill(content, (byte) fill);
        return Files.write(state.resolve(name + ".raw"), content);
    }

    /** The disk's middle byte, read with QEMU's lock shared, as the guest may hold it. */
    private char readBack(Path disk) throws IOException {
        Path out = state.resolve("read-back.raw");
        EXEC.run(Command.of("qemu-img", "convert", "-U", "-O", "raw", disk.toString(), out.toString()));
        byte[] b = Files.readAllBytes(out);
        Files.delete(out);
        return (char) b[b.length / 2];
    }
}
