package io.virtseed.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.spec.BootSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(img.path()))).isEqualTo("rw-r--r--");
        assertThat(store.names()).containsExactly("vs-img");

        Path overlay = dir.resolve("disk.qcow2");
        store.createOverlay(img, overlay, Optional.of(128L << 20));
        String info = runner.run(Command.of("qemu-img", "info", "--output=json", overlay.toString())).stdout();
        assertThat(info).contains("\"virtual-size\": " + (128L << 20)).contains(img.path().toString());

        store.remove("vs-img");
        assertThat(store.names()).isEmpty();
        assertThatThrownBy(() -> store.resolve("vs-img")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no image named 'vs-img'");
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
}
