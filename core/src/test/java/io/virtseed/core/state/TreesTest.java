package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {

    @TempDir
    Path tmp;

    @Test
    void removesTheFolderAndEverythingBelowIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("vs-tree/a/b"));
        Files.writeString(root.resolve("f"), "x");
        Files.writeString(tmp.resolve("vs-tree/g"), "y");

        Trees.delete(tmp.resolve("vs-tree"));

        assertThat(tmp.resolve("vs-tree")).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void anAbsentFolderIsFine() {
        Trees.delete(tmp.resolve("vs-none"));
        assertThat(tmp.resolve("vs-none")).doesNotExist();
    }

    @Test
    void aLinkInTheTreeIsRemovedNotFollowed() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("vs-outside"));
        Files.writeString(outside.resolve("keep"), "k");
        Path root = Files.createDirectories(tmp.resolve("vs-tree"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Path danglingRoot = Files.createSymbolicLink(tmp.resolve("vs-dangling"), tmp.resolve("vs-gone"));

        Trees.delete(root);
        Trees.delete(danglingRoot);

        assertThat(root).doesNotExist();
        assertThat(outside.resolve("keep")).hasContent("k");
        assertThat(Files.exists(danglingRoot, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
