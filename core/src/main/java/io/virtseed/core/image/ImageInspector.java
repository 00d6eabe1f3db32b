package io.virtseed.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Looks at an untrusted image file the way nova does since CVE-2022-47951 and CVE-2024-32498:
 * the format is decided from the file's own header first, and {@code qemu-img info} then runs
 * with that format given explicitly ({@code -f}), so a raw file whose first bytes look like
 * qcow2 is never opened as qcow2, and under CPU and memory limits ({@code prlimit}), so a
 * crafted header cannot make it run away. An image naming a backing file or a qcow2 external
 * data file (either could make QEMU read any file on the host) is refused.
 */
final class ImageInspector {

    /** Built on first use: making an image store inspects nothing. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().build();
    }
    /** nova's limits for qemu-img info: 30 s of CPU, 1 GiB of address space. */
    static final long CPU_SECONDS = 30;
    static final long ADDRESS_SPACE_BYTES = 1L << 30;

    /** A format by the magic at the start of the file; only the first two may be imported. */
    private enum Magic {
        QCOW2("qcow2", 0, new byte[] {'Q', 'F', 'I', (byte) 0xfb}),
        QED("qed", 0, new byte[] {'Q', 'E', 'D', 0}),
        VMDK("vmdk", 0, "KDMV".getBytes(StandardCharsets.US_ASCII)),
        VHDX("vhdx", 0, "vhdxfile".getBytes(StandardCharsets.US_ASCII)),
        VPC("vpc", 0, "conectix".getBytes(StandardCharsets.US_ASCII)),
        VDI("vdi", 64, new byte[] {0x7f, 0x10, (byte) 0xda, (byte) 0xbe}),
        LUKS("luks", 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe});

        final String format;
        final int offset;
        final byte[] bytes;

        Magic(String format, int offset, byte[] bytes) {
            this.format = format;
            this.offset = offset;
            this.bytes = bytes;
        }
    }

    record Info(String format, long virtualSize) {
    }

    private final CommandRunner runner;

    ImageInspector(CommandRunner runner) {
        this.runner = runner;
    }

    Info inspect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("image file " + file + " does not exist");
        }
        String format = formatByHeader(file);
        if (!format.equals("qcow2") && !format.equals("raw")) {
            throw new SpecException("image " + file + " is in format '" + format + "'; use qcow2 or raw"
                    + " (qemu-img convert -O qcow2)");
        }
        JsonNode j = qemuImgInfo(file, format);
        if (!format.equals(j.path("format").asText())) {
            throw new SpecException("image " + file + ": qemu-img read it as '" + j.path("format").asText()
                    + "', not " + format);
        }
        if (j.hasNonNull("backing-filename")) {
            throw new SpecException("image " + file + " has a backing file; flatten it first (qemu-img convert)");
        }
        if (j.path("format-specific").path("data").hasNonNull("data-file")) {
            throw new SpecException("image " + file + " keeps its data in an external file ("
                    + j.path("format-specific").path("data").path("data-file").asText()
                    + "); refused, as QEMU would read that file (qemu-img convert makes a self-contained copy)");
        }
        return new Info(format, j.path("virtual-size").asLong());
    }

    /** The argv for qemu-img info on {@code file} read as {@code format}, limited as nova limits it. */
    static List<String> infoArgv(Path file, String format) {
        return List.of("prlimit", "--cpu=" + CPU_SECONDS, "--as=" + ADDRESS_SPACE_BYTES, "--",
                "qemu-img", "info", "-f", format, "--output=json", file.toString());
    }

    private JsonNode qemuImgInfo(Path file, String format) {
        String out = runner.run(Command.of(infoArgv(file, format)).withTimeout(Duration.ofMinutes(1))).stdout();
        try {
            return Json.MAPPER.readTree(out);
        } catch (IOException e) {
            throw new StateException("qemu-img info gave unreadable output for " + file, e);
        }
    }

    static String formatByHeader(Path file) {
        byte[] head = new byte[128];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new StateException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        for (Magic m : Magic.values()) {
            if (n >= m.offset + m.bytes.length
                    && Arrays.equals(head, m.offset, m.offset + m.bytes.length, m.bytes, 0, m.bytes.length)) {
                return m.format;
            }
        }
        return "raw";
    }
}
