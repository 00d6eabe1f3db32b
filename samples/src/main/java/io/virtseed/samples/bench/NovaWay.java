package io.virtseed.samples.bench;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Builds a config drive the way nova does: the tree is written to a temporary directory,
 * {@code genisoimage} makes the ISO from it with nova's options, and the directory is removed.
 *
 * <pre>{@code
 * new NovaWay("genisoimage", "virtseed", "config-2").build(tree, Path.of("disk.config"));
 * }</pre>
 *
 * @param genisoimage the program, a name looked up on PATH or a path
 * @param publisher   the {@code -publisher} text
 * @param volumeId    the {@code -V} label
 */
public record NovaWay(String genisoimage, String publisher, String volumeId) {

    public NovaWay {
        Objects.requireNonNull(genisoimage, "genisoimage");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(volumeId, "volumeId");
    }

    /** Writes {@code tree} as an ISO image to {@code out}, replacing it. */
    public void build(MetadataTree tree, Path out) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("vs-nova-");
        try {
            writeTree(tree, dir);
            run(command(dir, out));
        } finally {
            deleteRecursively(dir);
        }
    }

    /** nova's genisoimage options (nova/virt/configdrive.py), as one argument list. */
    List<String> command(Path dir, Path out) {
        return List.of(genisoimage, "-o", out.toString(), "-ldots", "-allow-lowercase", "-allow-multidot", "-l",
                "-publisher", publisher, "-quiet", "-J", "-r", "-V", volumeId, dir.toString());
    }

    private static void writeTree(MetadataTree tree, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException(argv.getFirst() + " exited with " + code + ": " + output.strip());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
