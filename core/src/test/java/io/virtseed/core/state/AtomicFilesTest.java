package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteSyncedLaterIsInPlaceWholeAndPrivateAtOnceWithNoTempFileLeft() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path f = dir.resolve("a.json");
        Files.writeString(f, "old, longer than the new");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFiles.write(f, "new".getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE, AtomicFiles.Sync.LATER);

        assertThat(f).hasContent("new");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(AtomicFiles.PRIVATE);
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.toList()).containsExactly(f);
        }
    }

    @Test
    void syncingAFolderLeavesItsFilesAsTheyWereAndSkipsWhatIsNoRegularFile() throws IOException {
        AtomicFiles.write(dir.resolve("one"), new byte[] {1}, AtomicFiles.PRIVATE, AtomicFiles.Sync.LATER);
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("gone"));
        Files.createFile(dir.resolve("empty"));

        AtomicFiles.syncFolder(dir);

        assertThat(Files.readAllBytes(dir.resolve("one"))).containsExactly(1);
        assertThat(Files.getPosixFilePermissions(dir.resolve("one"))).isEqualTo(AtomicFiles.PRIVATE);
        assertThat(dir.resolve("empty")).isEmptyFile();
        assertThat(dir.resolve("sub")).isDirectory();
    }

    @Test
    void syncingAFolderThatIsGoneFailsRatherThanClaimingDurability() {
        assertThatThrownBy(() -> AtomicFiles.syncFolder(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
    }
}
