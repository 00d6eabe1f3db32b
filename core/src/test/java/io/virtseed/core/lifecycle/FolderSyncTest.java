package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSyncTest {

    @TempDir
    Path dir;

    @Test
    void aStartedSyncIsAwaitedAndLeavesTheFolderAsItWas() throws Exception {
        Files.writeString(dir.resolve("a"), "a");
        FolderSync sync = new FolderSync();
        sync.start(dir);
        sync.await();
        sync.settle();
        assertThat(dir.resolve("a")).hasContent("a");
    }

    @Test
    void aFailedSyncFailsTheWaitNamingTheCauseAndARollbackStillGetsPast() {
        FolderSync sync = new FolderSync();
        sync.start(dir.resolve("gone"));
        assertThatThrownBy(sync::await).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot sync the instance folder").hasCauseInstanceOf(NoSuchFileException.class);
        sync.settle();
    }

    @Test
    void aSyncNeverStartedIsNoSyncToWaitForAndNoProofOfOne() {
        FolderSync sync = new FolderSync();
        sync.settle(); // a rollback before the step: returns at once
        assertThatThrownBy(sync::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("never started");
    }
}
