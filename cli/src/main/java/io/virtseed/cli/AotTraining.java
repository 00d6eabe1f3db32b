package io.virtseed.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the build's AOT cache ({@code -XX:AOTCacheOutput}): runs the commands whose
 * start-up matters, in one process, so their classes are loaded and linked ahead of time. Nothing
 * it does leaves its temporary folder; {@code ls} talks to libvirt's in-memory test driver.
 */
public final class AotTraining {

    private static final String SPEC = """
            name: vs-aot-training
            hostname: training.virtseed.test
            meta: { role: training }
            ssh_keys: [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq training" ]
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
        Path tmp = Files.createTempDirectory("vs-aot-");
        PrintStream out = System.out;
        try {
            Path spec = Files.writeString(tmp.resolve("spec.yaml"), SPEC);
            String state = tmp.resolve("state").toString();
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            List<List<String>> runs = List.of(
                    List.of("--version"), List.of("--help"), List.of("drive", "build", "--help"),
                    List.of("drive", "build", spec.toString(), "-o", tmp.resolve("a.iso").toString()),
                    List.of("drive", "build", spec.toString(), "--format", "nocloud", "-o", tmp.resolve("b.img").toString()),
                    List.of("--state-dir", state, "--connect", "test:///default", "ls"),
                    List.of("--state-dir", state, "--connect", "test:///default", "ls", "-o", "json"));
            for (List<String> run : runs) {
                int code = Main.run(run.toArray(String[]::new));
                if (code != ExitCodes.OK) { // the cache is still made; say which part it lacks
                    out.println("aot training: virtseed " + String.join(" ", run) + " -> exit " + code);
                }
            }
        } finally {
            System.setOut(out);
            removeTree(tmp);
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
