package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares a rendered tree with a golden directory under {@code src/test/resources/metadata/}, file
 * by file and byte by byte. Run the tests with {@code -Dvirtseed.updateGoldens=true} to rewrite the
 * goldens after a deliberate change (then review the diff).
 */
final class GoldenTrees {

    private static final Path ROOT = Path.of("src", "test", "resources", "metadata");

    private GoldenTrees() {
    }

    static void assertMatches(MetadataTree tree, String name) {
        Path dir = ROOT.resolve(name);
        if (Boolean.getBoolean("virtseed.updateGoldens")) {
            write(tree, dir);
        }
        Map<String, byte[]> golden = read(dir);
        assertThat(tree.files().keySet()).as("files of golden tree %s", name).containsExactlyElementsOf(golden.keySet());
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            assertThat(new String(e.getValue(), StandardCharsets.ISO_8859_1)).as("%s/%s", name, e.getKey())
                    .isEqualTo(new String(golden.get(e.getKey()), StandardCharsets.ISO_8859_1));
        }
    }

    /** Writes a tree below {@code dir}, one file per entry. */
    static void write(MetadataTree tree, Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
                Path file = dir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> read(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("golden tree " + dir + " is missing", e);
        }
        return files;
    }
}
