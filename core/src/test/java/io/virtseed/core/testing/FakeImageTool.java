package io.virtseed.core.testing;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.RecordingCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link RecordingCommandRunner} that answers {@code qemu-img} like the real one for the two
 * calls virtseed makes: {@code info} (a qcow2 of 2 GiB, also under {@code prlimit}) and
 * {@code create} (makes the file).
 */
public final class FakeImageTool {

    private FakeImageTool() {
    }

    public static RecordingCommandRunner runner() {
        return new RecordingCommandRunner().answering(FakeImageTool::answer);
    }

    private static CommandResult answer(Command c) {
        List<String> a = c.argv();
        if (a.contains("--") && a.get(0).equals("prlimit")) { // the limits qemu-img info runs under
            a = a.subList(a.indexOf("--") + 1, a.size());
        }
        if (a.size() > 2 && a.get(0).equals("qemu-img") && a.get(1).equals("info")) {
            return new CommandResult(0, "{\"format\": \"qcow2\", \"virtual-size\": 2147483648}", "");
        }
        if (a.size() > 2 && a.get(0).equals("qemu-img") && a.get(1).equals("create")) {
            String target = a.stream().filter(x -> x.endsWith(".qcow2")).reduce((x, y) -> y).orElseThrow();
            try {
                Files.write(Path.of(target), new byte[] {'Q', 'F', 'I', (byte) 0xfb});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CommandResult(0, "", "");
    }

    /**
     * Writes a stored image {@code img} (a 2 GiB qcow2 stand-in) into the state folder's image
     * store, as an import would leave it; with {@code kernel}, also a kernel for direct boot.
     */
    public static void storeImage(java.nio.file.Path state, boolean kernel) throws java.io.IOException {
        java.nio.file.Path base = java.nio.file.Files.createDirectories(state.resolve("images/img"));
        java.nio.file.Files.writeString(base.resolve("disk.qcow2"), "base");
        String boot = "";
        if (kernel) {
            java.nio.file.Files.writeString(base.resolve("vmlinuz"), "kernel");
            boot = ",\"kernel\":\"vmlinuz\",\"cmdline\":\"root=/dev/vda console=ttyS0\"";
        }
        java.nio.file.Files.writeString(base.resolve("image.json"), "{\"name\":\"img\",\"disk\":\"disk.qcow2\","
                + "\"format\":\"qcow2\",\"virtual_size\":2147483648" + boot + "}");
    }
}
