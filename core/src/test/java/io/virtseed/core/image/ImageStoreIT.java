package io.virtseed.core.image;

import io.virtseed.core.spec.ImageRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.Phase;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image store against the real qemu-img. */
class ImageStoreIT {

    @TempDir
    Path dir;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void importsAnImageWithBootFilesAndLayersOverlaysOnIt() throws Exception {
        Path src = dir.resolve("src.qcow2");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", src.toString(), "64M"));
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "kernel");
        var store = new ImageStore(dir.resolve("state"), runner);

        BaseImage img = store.importImage("vs-img", src, Optional.of(new BootSpec(kernel, Optional.empty(), "console=ttyS0")));
        assertThat(img.format()).isEqualTo("qcow2");
        assertThat(img.virtualSize()).isEqualTo(64L << 20);
        assertThat(img.boot().orElseThrow().cmdline()).isEqualTo("console=ttyS0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(img.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(img.boot().orElseThrow().kernel())))
                .isEqualTo("rw-------");
        // QEMU passes the folders to the backing file; no one else lists them
        for (Path p = img.path().getParent(); !p.equals(dir.resolve("state")); p = p.getParent()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                    .isEqualTo("rwx--x--x");
        }
        assertThat(store.names()).containsExactly("vs-img");
        // read back by hand (the shape import writes) and by the mapper (a shape it leaves to it): the same image
        assertThat(store.resolve(ImageRef.ofText("vs-img"))).isEqualTo(img);
        Path json = img.path().resolveSibling("image.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\\{", "{\"extra\" : {\"nested\" : 1},"));
        assertThat(store.resolve(ImageRef.ofText("vs-img"))).isEqualTo(img);

        Path overlay = dir.resolve("disk.qcow2");
        store.createOverlay(img, overlay, Optional.of(128L << 20));
        String info = runner.run(Command.of("qemu-img", "info", "--output=json", overlay.toString())).stdout();
        assertThat(info).contains("\"virtual-size\": " + (128L << 20)).contains(img.path().toString());
        // qemu-img would leave it as the umask says; the overlay holds the guest's writes
        assertThat(Files.getPosixFilePermissions(overlay)).isEqualTo(io.virtseed.core.state.AtomicFiles.PRIVATE);

        store.remove("vs-img");
        assertThat(store.names()).isEmpty();
        assertThatThrownBy(() -> store.resolve(ImageRef.ofText("vs-img"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no image named 'vs-img'");
    }

    @Test
    void reimportNeverChangesWhatAnOverlayIsLayeredOnAndRemovalWaitsForItsUsers() throws Exception {
        Path state = dir.resolve("state");
        var store = new ImageStore(state, runner);
        BaseImage first = store.importImage("vs-img", raw("v1", 'a'), Optional.empty());
        Path overlay = dir.resolve("disk.qcow2");
        store.createOverlay(first, overlay, Optional.empty());
        var instances = new InstanceStore(state);
        instances.createDir(InstanceName.of("vs-user"));
        instances.save(record("vs-user", "vs-img"));

        BaseImage second = store.importImage("vs-img", raw("v2", 'b'), Optional.empty());
        assertThat(second.path()).isNotEqualTo(first.path());
        assertThat(store.resolve(ImageRef.ofText("vs-img")).path()).isEqualTo(second.path());
        assertThat(backingOf(overlay)).isEqualTo(first.path().toString());
        assertThat(readBack(overlay)).as("the guest's disk reads back what it was made from").isEqualTo('a');

        assertThatThrownBy(() -> store.remove("vs-img")).isInstanceOf(StateException.class)
                .hasMessageContaining("in use by vs-user");
        assertThat(first.path()).exists();

        instances.deleteDir(InstanceName.of("vs-user"));
        store.importImage("vs-img", raw("v3", 'c'), Optional.empty()); // nobody uses the old ones now
        try (var gens = Files.list(store.dir("vs-img"))) {
            assertThat(gens.filter(Files::isDirectory).toList()).hasSize(1);
        }
        store.remove("vs-img");
        assertThat(store.dir("vs-img")).doesNotExist();
    }

    @Test
    void whatACrashedImportLeftIsNotListedAndTheNextImportRemovesIt() throws Exception {
        var store = new ImageStore(dir.resolve("state"), runner);
        Path leftover = Files.createDirectories(dir.resolve("state/images/.vs-img.import-999999999"));
        Files.writeString(leftover.resolve("image.json"), "{\"name\":\"vs-img\"}");
        Files.writeString(leftover.resolve("disk.qcow2"), "half");
        assertThat(store.names()).isEmpty();

        store.importImage("vs-img", raw("src", 'x'), Optional.empty());
        assertThat(store.names()).containsExactly("vs-img");
        assertThat(leftover).doesNotExist();
    }

    @Test
    void imagesStayUsableWhateverOwnerLibvirtLeftThemWith() throws Exception {
        var store = new ImageStore(dir.resolve("state"), runner);
        BaseImage img = store.importImage("vs-img", raw("src", 'x'), Optional.empty());
        // libvirt's DAC driver chowns disks to the QEMU user while a guest runs and may not give them back
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(img.path(), nobody);
        Files.setOwner(img.path().getParent(), nobody);

        assertThat(store.names()).containsExactly("vs-img");
        store.createOverlay(store.resolve(ImageRef.ofText("vs-img")), dir.resolve("disk.qcow2"), Optional.empty());
        assertThat(readBack(dir.resolve("disk.qcow2"))).isEqualTo('x');
        store.importImage("vs-img", raw("again", 'y'), Optional.empty());
        store.remove("vs-img");
        assertThat(store.names()).isEmpty();
    }

    @Test
    void refusesWhatCannotBeABaseImage() throws Exception {
        var store = new ImageStore(dir.resolve("state"), runner);
        Path base = dir.resolve("base.qcow2");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "16M"));
        Path layered = dir.resolve("layered.qcow2");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2",
                layered.toString()));
        assertThatThrownBy(() -> store.importImage("vs-l", layered, Optional.empty()))
                .isInstanceOf(SpecException.class).hasMessageContaining("has a backing file");
        Path vmdk = dir.resolve("x.vmdk");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "16M"));
        assertThatThrownBy(() -> store.importImage("vs-v", vmdk, Optional.empty()))
                .isInstanceOf(SpecException.class).hasMessageContaining("format 'vmdk'");
        assertThatThrownBy(() -> store.importImage("../evil", base, Optional.empty()))
                .isInstanceOf(SpecException.class).hasMessageContaining("invalid image name");
        assertThat(store.names()).isEmpty();
    }

    @Test
    void refusesAQcow2WhoseDataLivesInAnotherFile() throws Exception {
        // CVE-2024-32498: a qcow2 data-file can name any host file, which QEMU would then serve to the guest
        Path secret = Files.writeString(dir.resolve("secret"), "host secret");
        Path crafted = dir.resolve("crafted.qcow2");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + secret + ",data_file_raw=on",
                crafted.toString(), "1M"));
        var store = new ImageStore(dir.resolve("state"), runner);
        assertThatThrownBy(() -> store.importImage("vs-crafted", crafted, Optional.empty()))
                .isInstanceOf(SpecException.class).hasMessageContaining("external file").hasMessageContaining(secret.toString());
        assertThat(store.names()).isEmpty();
    }

    @Test
    void aRawFileIsReadAsRawWhatEverItsLaterBytesSay() throws Exception {
        Path file = raw("plain", 'z');
        assertThat(ImageInspector.formatByHeader(file)).isEqualTo("raw");
        assertThat(ImageInspector.infoArgv(file, "raw")).startsWith("prlimit", "--cpu=30", "--as=1073741824", "--",
                "qemu-img", "info", "-f", "raw");
    }

    /** A 1 MiB raw image filled with one byte. */
    private Path raw(String name, char fill) throws Exception {
        byte[] content = new byte[1 << 20];
        Arrays.fill(content, (byte) fill);
        return Files.write(dir.resolve(name + ".raw"), content);
    }

    private String backingOf(Path overlay) {
        String info = runner.run(Command.of("qemu-img", "info", "--output=json", overlay.toString())).stdout();
        int at = info.indexOf("\"backing-filename\": \"") + "\"backing-filename\": \"".length();
        return info.substring(at, info.indexOf('"', at));
    }

    private char readBack(Path overlay) throws Exception {
        Path out = dir.resolve("read-back.raw");
        runner.run(Command.of("qemu-img", "convert", "-O", "raw", overlay.toString(), out.toString()));
        byte[] b = Files.readAllBytes(out);
        Files.delete(out);
        return (char) b[b.length / 2];
    }

    private static InstanceRecord record(String name, String image) {
        return new InstanceRecord(InstanceRecord.CURRENT_VERSION, name, UUID.randomUUID(), image, name, Datasource.CONFIGDRIVE,
                MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(), List.of());
    }
}
