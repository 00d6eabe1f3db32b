package io.virtseed.configdrive.iso;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.configdrive.GoldenImages;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The ISO writer's bytes for a small config drive, pinned; and the reader reads the pinned image. */
class IsoGoldenTest {

    private static final String SHA256 = "17102648f90b225f66642ff013db7d223118aef77d6ec8bb0973e9defd221e63";

    @Test
    void aSmallConfigDriveHasTheReviewedBytes() throws IOException {
        byte[] image = new IsoImageWriter().write(GoldenImages.tree(), IsoOptions.configDrive());

        GoldenImages.assertMatches(image, "config-2.iso", SHA256);
    }

    @Test
    void theReaderReadsTheGoldenBackToTheTree() throws IOException {
        IsoImageContents c = new IsoImageReader().read(GoldenImages.read("config-2.iso"));

        assertThat(c.primaryVolumeId()).isEqualTo("config-2");
        assertThat(c.jolietVolumeId()).contains("config-2");
        assertThat(c.rockRidgeTree()).contains(GoldenImages.tree());
        assertThat(c.jolietTree()).contains(GoldenImages.tree());
    }
}
