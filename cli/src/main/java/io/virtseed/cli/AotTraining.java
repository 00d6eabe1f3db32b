package io.virtseed.cli;

import io.virtseed.core.state.FileModes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training run of the build's AOT cache ({@code -XX:AOTCacheOutput}): runs the commands whose
 * start-up matters, in one process, so their classes are loaded and linked ahead of time. Nothing
 * it does leaves its temporary folder; {@code up}, {@code ls} and {@code down} talk to libvirt's
 * in-memory test driver. A run that fails (no qemu-img or libvirt library on the build host) only
 * leaves its classes out of the cache.
 */
public final class AotTraining {

    private static final String TEST_URI = "test:///default";
    private static final String SPEC = """
            name: vs-aot-training
            hostname: training.virtseed.test
            meta: { role: training }
            ssh_keys: [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq training" ]
            networks: []
            user_data: |
              #cloud-config
              runcmd: [ [ true ] ]
            """;

    private AotTraining() {
    }

    /** Trains; {@code args[0]}, when given, is where to record which JDK made the cache. */
    public static void main(String[] args) throws IOException {
        if (args.length > 0) { // the launcher passes the cache only to this JDK
            Files.writeString(Path.of(args[0]), System.getProperty("java.home") + "\n");
        }
        // QEMU, as its own user, must reach the instance's disks below
        Path tmp = Files.createTempDirectory("vs-aot-",
                PosixFilePermissions.asFileAttribute(FileModes.TRAVERSABLE_DIR));
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            Path spec = Files.writeString(tmp.resolve("spec.yaml"), SPEC);
            Path upSpec = Files.writeString(tmp.resolve("up.yaml"), SPEC + "image: vs-aot-img\n");
            Path disk = tmp.resolve("disk.raw");
            try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(1 << 20); // sparse; a raw image is any file
            }
            String state = tmp.resolve("state").toString();
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            System.setErr(new PrintStream(PrintStream.nullOutputStream())); // the CLI's status lines
            List<List<String>> runs = List.of(
                    List.of("--version"), List.of("--help"), List.of("drive", "build", "--help"),
                    List.of("drive", "build", spec.toString(), "-o", tmp.resolve("a.iso").toString()),
                    List.of("drive", "build", spec.toString(), "--format", "nocloud", "-o", tmp.resolve("b.img").toString()),
                    List.of("--state-dir", state, "--connect", TEST_URI, "ls"),
                    // one instance through libvirt's in-memory test driver: up, ls and down load libvirt's side
                    List.of("--state-dir", state, "--connect", TEST_URI, "image", "import", "vs-aot-img", disk.toString()),
                    List.of("--state-dir", state, "--connect", TEST_URI, "up", upSpec.toString()),
                    List.of("--state-dir", state, "--connect", TEST_URI, "ls"), // the table, with a row
                    List.of("--state-dir", state, "--connect", TEST_URI, "ls", "-o", "json"),
                    List.of("--state-dir", state, "--connect", TEST_URI, "down", "vs-aot-training"));
            for (List<String> run : runs) {
                // the cache is still made on a failure, without what that run would have loaded
                failure(run).ifPresent(f -> out.println("aot training: virtseed " + String.join(" ", run) + " -> " + f));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            removeTree(tmp);
        }
    }

    private static Optional<String> failure(List<String> run) {
        try {
            int code = Main.run(run.toArray(String[]::new));
            return code == ExitCodes.OK ? Optional.empty() : Optional.of("exit " + code);
        } catch (RuntimeException | LinkageError e) { // a host without libvirt's library, say
            return Optional.of(e.toString());
        }
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
