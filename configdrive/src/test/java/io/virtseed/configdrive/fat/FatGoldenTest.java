package io.virtseed.configdrive.fat;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.configdrive.GoldenImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FAT writer's bytes for a small FAT16 config drive, pinned; and the reader reads the pinned image. */
class FatGoldenTest {

    /** The smallest size that still gives FAT16, the variant of nova's 64 MiB drive. */
    private static final long SIZE = 16L * 1024 * 1024;
    private static final String SHA256 = "258a52a1f198f19058f68ae60bc6445b4bc2ef1445d154b5468a536e417b2a67";

    @TempDir
    Path dir;

    @Test
    void aSmallConfigDriveHasTheReviewedBytes() throws IOException {
        Path img = dir.resolve("disk.config");
        new FatImageWriter().write(GoldenImages.tree(), new FatOptions("config-2", SIZE), img);

        GoldenImages.assertMatches(Files.readAllBytes(img), "config-2.vfat", SHA256);
    }

    @Test
    void theReaderReadsTheGoldenBackToTheTree() throws IOException {
        Path img = Files.write(dir.resolve("golden.img"), GoldenImages.read("config-2.vfat"));

        FatImage back = new FatImageReader().read(img);

        assertThat(back.type()).isEqualTo(FatType.FAT16);
        assertThat(back.label()).isEqualTo("config-2");
        assertThat(back.tree()).isEqualTo(GoldenImages.tree());
    }
}
