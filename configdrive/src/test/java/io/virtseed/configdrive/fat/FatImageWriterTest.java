package io.virtseed.configdrive.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FatImageWriterTest {

    @TempDir
    Path dir;

    private final FatImageWriter writer = new FatImageWriter();
    private final FatImageReader reader = new FatImageReader();

    @Test
    void configDriveRoundTripsAsFat16WithItsLabel() throws IOException {
        MetadataTree tree = FatTestTrees.configDrive();
        Path img = dir.resolve("disk.config");

        writer.write(tree, FatOptions.withLabel("config-2"), img);
        FatImage back = reader.read(img);

        assertThat(Files.size(img)).isEqualTo(64L * 1024 * 1024);
        assertThat(back.type()).isEqualTo(FatType.FAT16);
        assertThat(back.label()).isEqualTo("config-2");
        assertThat(back.tree()).isEqualTo(tree);
        assertThat(back.tree().get("openstack/latest/user_data")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(back.tree().get("openstack/content/0001").orElseThrow()).hasSize(3 * 1024 * 1024);
    }

    @Test
    void longMixedCaseAndUnusualNamesRoundTrip() throws IOException {
        MetadataTree tree = FatTestTrees.awkwardNames();
        Path img = dir.resolve("names.img");

        writer.write(tree, new FatOptions("cidata", 8L * 1024 * 1024), img);

        FatImage back = reader.read(img);
        assertThat(back.label()).isEqualTo("cidata");
        assertThat(back.tree().files().keySet()).containsExactlyElementsOf(tree.files().keySet());
        assertThat(back.tree()).isEqualTo(tree);
    }

    @ParameterizedTest
    @CsvSource({"1048576,FAT12", "4194304,FAT12", "16777216,FAT16", "67108864,FAT16", "536870912,FAT16",
        "629145600,FAT32"})
    void sizeDecidesTheFatTypeByClusterCount(long size, FatType expected) throws IOException {
        MetadataTree tree = MetadataTree.builder()
                .put("openstack/latest/meta_data.json", FatTestTrees.META_JSON)
                .put("big.bin", FatTestTrees.bytes(300_000, 7)).build();
        Path img = dir.resolve("sized.img");

        writer.write(tree, new FatOptions("config-2", size), img);

        FatGeometry g = FatGeometry.forImageSize(size);
        assertThat(g.type()).isEqualTo(expected);
        assertThat(FatType.forClusterCount(g.clusterCount())).isEqualTo(expected);
        FatImage back = reader.read(img);
        assertThat(back.type()).isEqualTo(expected);
        assertThat(back.tree()).isEqualTo(tree);
        assertThat(back.label()).isEqualTo("config-2");
    }

    @Test
    void sixtyFourMebibytesUseTheLayoutMkfsFatChooses() {
        FatGeometry g = FatGeometry.forImageSize(64L * 1024 * 1024);

        assertThat(g.sectorsPerCluster()).isEqualTo(4);
        assertThat(g.reservedSectors()).isEqualTo(4);
        assertThat(g.fatSectors()).isEqualTo(128);
        assertThat(g.rootEntryCount()).isEqualTo(512);
        assertThat(g.clusterCount()).isEqualTo(32_695);
    }

    @Test
    void sameInputGivesSameBytesAndOtherContentAnotherSerial() throws IOException {
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        Path c = dir.resolve("c.img");
        writer.write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"), a);
        writer.write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"), b);
        MetadataTree other = FatTestTrees.configDriveBuilder().put("openstack/latest/meta_data.json", "{\"uuid\":\"x\"}").build();
        writer.write(other, FatOptions.withLabel("config-2"), c);

        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(reader.read(a).serial()).isNotEqualTo(reader.read(c).serial());
    }

    @Test
    void overwritesAnExistingFileCompletely() throws IOException {
        Path img = dir.resolve("disk.config");
        Files.write(img, FatTestTrees.bytes(1024 * 1024, 3));
        writer.write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"), img);
        Path fresh = dir.resolve("fresh.img");
        writer.write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"), fresh);

        assertThat(Files.mismatch(img, fresh)).isEqualTo(-1L);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("disk.config", "fresh.img");
        }
    }

    @Test
    void bootSectorAndRootEntryCarryTheLabelInLowerCase() throws IOException {
        Path img = dir.resolve("disk.config");
        writer.write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"), img);
        byte[] head = Arrays.copyOf(Files.readAllBytes(img), 512);
        FatGeometry g = FatGeometry.forImageSize(Files.size(img));
        byte[] root = readAt(img, g.rootDirOffset(), 32);

        assertThat(new String(head, 43, 11, StandardCharsets.US_ASCII)).isEqualTo("config-2   ");
        assertThat(new String(head, 54, 8, StandardCharsets.US_ASCII)).isEqualTo("FAT16   ");
        assertThat(head[38]).isEqualTo((byte) 0x29);
        assertThat(head[37]).as("dirty flag").isZero();
        assertThat(head[510] & 0xFF).isEqualTo(0x55);
        assertThat(head[511] & 0xFF).isEqualTo(0xAA);
        assertThat(new String(root, 0, 11, StandardCharsets.US_ASCII)).isEqualTo("config-2   ");
        assertThat(root[11]).isEqualTo((byte) 0x08);
        ByteBuffer fat = ByteBuffer.wrap(readAt(img, g.fatOffset(0), 4)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(fat.getShort(0) & 0xFFFF).isEqualTo(0xFFF8);
        assertThat(fat.getShort(2) & 0xFFFF).as("clean-shutdown bits set").isEqualTo(0xFFFF);
    }

    @Test
    void shortNamesAreUniqueUpperCaseAndGetTailsOnlyWhenNeeded() {
        var names = ShortNames.assign(java.util.List.of(
                "0000", "latest", "meta_data.json", "meta_data2.json", "META_D~1.JSO", "openstack", "2012-08-10"));

        assertThat(names.get("0000")).isEqualTo(new ShortNames.ShortName("0000", "", false));
        assertThat(names.get("latest")).isEqualTo(new ShortNames.ShortName("LATEST", "", true));
        assertThat(names.get("META_D~1.JSO")).isEqualTo(new ShortNames.ShortName("META_D~1", "JSO", false));
        assertThat(names.get("meta_data.json")).isEqualTo(new ShortNames.ShortName("META_D~2", "JSO", true));
        assertThat(names.get("meta_data2.json")).isEqualTo(new ShortNames.ShortName("META_D~3", "JSO", true));
        assertThat(names.get("openstack").base()).isEqualTo("OPENST~1");
        assertThat(names.get("2012-08-10").base()).isEqualTo("2012-0~1");
        assertThat(names.values().stream().map(ShortNames.ShortName::key).distinct()).hasSize(names.size());
    }

    @Test
    void longNameChecksumFollowsTheSpecification() {
        // "META_D~1JSO": rotate right and add over the 11 bytes, computed by hand.
        byte[] name = "META_D~1JSO".getBytes(StandardCharsets.US_ASCII);
        int sum = 0;
        for (byte b : name) {
            sum = ((sum >>> 1) | ((sum & 1) << 7)) + (b & 0xFF) & 0xFF;
        }
        assertThat(FatNames.checksum(name)).isEqualTo((byte) sum);
        assertThat(FatNames.checksum("           ".getBytes(StandardCharsets.US_ASCII))).isNotEqualTo((byte) 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "star*", "what?", "quo\"te", "less<", "more>", "pi|pe", "dot.", "space "})
    void namesFatCannotHoldAreRefused(String name) {
        MetadataTree tree = MetadataTree.builder().put("openstack/" + name, "x").build();

        assertThatThrownBy(() -> writer.write(tree, FatOptions.withLabel("config-2"), dir.resolve("x.img")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openstack/" + name);
        assertThat(dir.resolve("x.img")).doesNotExist();
    }

    @Test
    void namesThatDifferOnlyInCaseAreRefused() {
        MetadataTree tree = MetadataTree.builder().put("ec2/Latest/x", "1").put("ec2/latest/y", "2").build();

        assertThatThrownBy(() -> writer.write(tree, FatOptions.withLabel("config-2"), dir.resolve("x.img")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Latest' and 'latest'").hasMessageContaining("differ only in case");
    }

    @Test
    void contentTooLargeNamesBothSizes() {
        MetadataTree tree = MetadataTree.builder().put("big", new byte[2 * 1024 * 1024]).build();

        assertThatThrownBy(() -> writer.write(tree, new FatOptions("cidata", 1024 * 1024), dir.resolve("x.img")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2097152 bytes of content")
                .hasMessageContaining("1048576-byte FAT12 image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "twelve-chars", "con:fig", "a.b", "tab\there", "ünï", " lead", "trail "})
    void labelsOutsideTheFatRulesAreRefused(String label) {
        assertThatThrownBy(() -> FatOptions.withLabel(label))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1024 * 1024 - 512, 64L * 1024 * 1024 + 1, 2L << 40})
    void sizesOutsideTheLimitsAreRefused(long size) {
        assertThatThrownBy(() -> new FatOptions("config-2", size))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Long.toString(size));
    }

    @Test
    void rootDirectoryOverflowIsReported() {
        MetadataTree.Builder b = MetadataTree.builder();
        for (int i = 0; i < 300; i++) {
            b.put("long-file-name-number-" + i, "x");
        }
        assertThatThrownBy(() -> writer.write(b.build(), FatOptions.withLabel("config-2"), dir.resolve("x.img")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root directory needs");
    }

    private static byte[] readAt(Path img, long offset, int length) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(img)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            ch.read(buf, offset);
            return buf.array();
        }
    }
}
