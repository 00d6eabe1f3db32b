package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.StateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataFileTest {

    @TempDir
    Path dir;

    @Test
    void typicalMetadataReadsBackEqualAndRendersTheSameTrees() throws Exception {
        InstanceMetadata md = MetadataFixtures.typical();
        MetadataFile.write(dir, md);
        InstanceMetadata back = MetadataFile.read(dir).orElseThrow();
        assertThat(back).isEqualTo(md);
        assertThat(back.openStackTree()).isEqualTo(md.openStackTree());
        assertThat(back.httpTree()).isEqualTo(md.httpTree());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(MetadataFile.path(dir))))
                .isEqualTo("rw-------");
    }

    @Test
    void bareMetadataReadsBackEqual() {
        InstanceMetadata md = MetadataFixtures.bare().build();
        MetadataFile.write(dir, md);
        assertThat(MetadataFile.read(dir)).contains(md);
    }

    @Test
    void absentFileIsEmptyAndAForeignFileFailsWithoutEchoingIt() throws Exception {
        assertThat(MetadataFile.read(dir)).isEmpty();
        Files.writeString(MetadataFile.path(dir), "{\"version\":7,\"metadata\":{}}");
        assertThatThrownBy(() -> MetadataFile.read(dir)).isInstanceOf(StateException.class).hasMessageContaining("version 7");
    }

    @Test
    void eventsKeepTheFirstTimes() {
        Instant t1 = Instant.parse("2026-01-02T03:04:05Z");
        Instant t2 = t1.plusSeconds(30);
        assertThat(MetadataEvents.read(dir)).isEqualTo(MetadataEvents.none());
        MetadataEvents.none().fetched(t1).fetched(t2).readyAt(t2).readyAt(t2.plusSeconds(1)).write(dir);
        MetadataEvents back = MetadataEvents.read(dir);
        assertThat(back.firstFetch()).contains(t1);
        assertThat(back.ready()).contains(t2);
    }
}
