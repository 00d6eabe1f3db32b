package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestFileAccessTest {

    @TempDir
    Path dir;

    @Test
    void aClosedFolderOnTheWayIsNamedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path closed = Files.createDirectory(dir.resolve("private"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path image = closed.resolve("sub/disk.qcow2");
        assertThatThrownBy(() -> GuestFileAccess.requireReachable(image, "image"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("folder " + closed + " is closed to others (mode rwx------)")
                .hasMessageContaining("chmod o+x " + closed);
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx--x--x"));
        assertThatCode(() -> GuestFileAccess.requireReachable(image, "image")).doesNotThrowAnyException();
    }
}
