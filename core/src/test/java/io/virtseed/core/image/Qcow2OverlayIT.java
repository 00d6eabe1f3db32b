package io.virtseed.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The in-process overlay next to the one {@code qemu-img create} makes of the same base: the real
 * {@code qemu-img info} reads both the same, {@code qemu-img check} finds nothing wrong, and QEMU's
 * own block layer ({@code qemu-io}) reads the base through it and writes into it.
 */
class Qcow2OverlayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @ParameterizedTest(name = "{0} base of {1} bytes, overlay of {2}")
    @CsvSource({
            "qcow2, 16777216, 0",
            "raw, 1048576, 0",
            "qcow2, 16777216, 21474836480",
            "qcow2, 16777216, 536870913", // one byte past an L2 table's reach: two L1 entries, 512-byte rounding
            "raw, 1048576, 5497558138880", // 5 TiB: the L1 table spans two clusters
    })
    void readsAsQemuImgsOwnOverlay(String format, long baseSize, long size) throws Exception {
        Path base = dir.resolve("base." + format);
        runner.run(Command.of("qemu-img", "create", "-q", "-f", format, base.toString(), Long.toString(baseSize)));
        // something in the base to read back through the overlay
        runner.run(Command.of("qemu-io", "-f", format, "-c", "write -P 0x61 4096 4096", base.toString()));

        Path ours = dir.resolve("ours.qcow2");
        Path theirs = dir.resolve("theirs.qcow2");
        Files.createFile(ours);
        Qcow2Overlay.write(ours, base, format, size > 0 ? size : baseSize);
        List<String> argv = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(),
                "-F", format, theirs.toString()));
        if (size > 0) {
            argv.add(Long.toString(size));
        }
        runner.run(Command.of(argv));

        JsonNode a = info(ours);
        JsonNode b = info(theirs);
        for (String field : List.of("virtual-size", "cluster-size", "format", "backing-filename",
                "full-backing-filename", "backing-filename-format", "dirty-flag")) {
            assertThat(a.path(field)).as(field).isEqualTo(b.path(field));
        }
        assertThat(a.path("format-specific")).isEqualTo(b.path("format-specific"));
        assertThat(a.path("backing-filename").asText()).isEqualTo(base.toString());
        assertThat(Files.size(ours)).as("file length").isEqualTo(Files.size(theirs));

        JsonNode check = JSON.readTree(runner.run(Command.of("qemu-img", "check", "--output=json", ours.toString()))
                .stdout());
        assertThat(check.path("check-errors").asInt()).isZero();
        assertThat(check.has("leaks")).as("leaked clusters").isFalse();
        assertThat(check.has("corruptions")).as("corruptions").isFalse();

        // the base's bytes through the overlay, then a write that allocates clusters in it
        runner.run(Command.of("qemu-io", "-f", "qcow2", "-c", "read -P 0x61 4096 4096", "-c", "read -P 0 0 4096",
                "-c", "write -P 0x62 65536 131072", "-c", "read -P 0x62 65536 131072", ours.toString()));
        check = JSON.readTree(runner.run(Command.of("qemu-img", "check", "--output=json", ours.toString())).stdout());
        assertThat(check.path("check-errors").asInt()).isZero();
        assertThat(check.has("leaks")).isFalse();
        // the write went to the overlay, not the base
        runner.run(Command.of("qemu-io", "-f", format, "-c", "read -P 0 65536 131072", base.toString()));
    }

    @Test
    void refusesBackingNamesQemuCouldReadAsSomethingElse() throws Exception {
        Path file = Files.createFile(dir.resolve("o.qcow2"));
        for (String name : List.of("json:{\"driver\":\"nbd\"}", "nbd:localhost:10809", "base.qcow2")) {
            assertThatThrownBy(() -> Qcow2Overlay.write(file, Path.of(name), "qcow2", 1 << 20))
                    .as(name).isInstanceOf(SpecException.class).hasMessageContaining("absolute path");
        }
        assertThatThrownBy(() -> Qcow2Overlay.write(file, Path.of("/images/a\nb.qcow2"), "qcow2", 1 << 20))
                .isInstanceOf(SpecException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> Qcow2Overlay.write(file, Path.of("/" + "a".repeat(1100)), "qcow2", 1 << 20))
                .isInstanceOf(SpecException.class).hasMessageContaining("longer than QEMU accepts");
        assertThatThrownBy(() -> Qcow2Overlay.write(file, dir.resolve("b.vmdk"), "vmdk", 1 << 20))
                .isInstanceOf(SpecException.class).hasMessageContaining("only qcow2 and raw");
        assertThat(Files.size(file)).as("nothing written").isZero();
    }

    private JsonNode info(Path image) throws Exception {
        return JSON.readTree(runner.run(Command.of("qemu-img", "info", "--output=json", image.toString())).stdout());
    }
}
