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

    @Test
    void aFileWrittenIntoTheTreeWhileItIsRemovedDoesNotStopTheRemoval() throws Exception {
        // as the metadata service records a guest's fetch in its folder while down removes it
        for (int round = 0; round < 20; round++) {
            Path root = Files.createDirectories(tmp.resolve("vs-busy/instances/g3"));
            Files.writeString(root.resolve("instance.json"), "{}");
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Thread writer = new Thread(() -> {
                started.countDown();
                for (int i = 0; i < 3; i++) { // a few events, as a guest's fetches give
                    try {
                        Files.writeString(root.resolve("event-" + i), "e");
                        Thread.sleep(0, 200_000);
                    } catch (IOException | InterruptedException e) {
                        return; // the folder is gone: nothing more to record
                    }
                }
            });
            writer.start();
            started.await();
            Trees.delete(tmp.resolve("vs-busy"));
            writer.join();
            Trees.delete(tmp.resolve("vs-busy")); // what the writer may have made after the removal
            assertThat(tmp.resolve("vs-busy")).doesNotExist();
        }
    }
}
