package io.virtseed.configdrive.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.metadata.MetadataTree;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsoImageWriterTest {

    private final IsoImageWriter writer = new IsoImageWriter();
    private final IsoImageReader reader = new IsoImageReader();

    @Test
    void rockRidgeAndJolietBothShowEveryFileWithItsBytes() throws Exception {
        MetadataTree tree = IsoTestTrees.configDrive();

        IsoImageContents c = reader.read(writer.write(tree, IsoOptions.configDrive().withPublisher("virtseed 0.1")));

        assertThat(c.rockRidge()).isTrue();
        assertThat(c.jolietLevel()).isEqualTo(3);
        assertThat(c.rockRidgeTree()).contains(tree);
        assertThat(c.jolietTree()).contains(tree);
        assertThat(c.publisher()).isEqualTo("virtseed 0.1");
        assertThat(c.rockRidgeTree().orElseThrow().get("openstack/content/0001")).hasValueSatisfying(
                b -> assertThat(b).isEmpty());
    }

    @Test
    void primaryNamesAreUniqueLevelOneNamesOverTheSameContents() throws Exception {
        MetadataTree tree = MetadataTree.builder()
                .put("openstack/latest/meta_data.json", "a")
                .put("openstack/latest/meta_data.jsonx", "b")
                .put("openstack/latest/META-DATA.json", "c")
                .put("openstack/latest/meta_data", "d")
                .put("openstack/latest/meta_data.", "e")
                .put("openstack-extra/x", "f")
                .put(".hidden", "g")
                .build();

        MetadataTree primary = reader.read(writer.write(tree, IsoOptions.configDrive())).primaryTree();

        assertThat(primary.size()).isEqualTo(tree.size());
        for (String path : primary.files().keySet()) {
            for (String part : path.split("/")) {
                assertThat(part).matches("[A-Z0-9_]{1,8}(\\.[A-Z0-9_]{1,3})?");
            }
        }
        assertThat(primary.files().values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted())
                .containsExactly("a", "b", "c", "d", "e", "f", "g");
    }

    @Test
    void sameTreeGivesSameBytesOnEveryOutput() throws Exception {
        MetadataTree tree = IsoTestTrees.configDrive();
        IsoOptions opts = IsoOptions.configDrive();

        byte[] first = writer.write(tree, opts);
        byte[] second = writer.write(IsoTestTrees.configDrive(), opts);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        long streamed = writer.write(tree, opts, stream);
        ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
        writer.write(tree, opts, Channels.newChannel(viaChannel));

        assertThat(second).isEqualTo(first);
        assertThat(stream.toByteArray()).isEqualTo(first);
        assertThat(viaChannel.toByteArray()).isEqualTo(first);
        assertThat(streamed).isEqualTo(first.length).isEqualTo(writer.imageSize(tree));
        assertThat(first.length % 2048).isZero();
        byte[] later = writer.write(tree, opts.withRecorded(Instant.parse("2030-01-02T03:04:05Z")));
        assertThat(later).isNotEqualTo(first);
        assertThat(reader.read(later).rockRidgeTree()).contains(tree);
    }

    @Test
    void volumeIdIsKeptExactlyInBothDescriptors() throws Exception {
        byte[] iso = writer.write(IsoTestTrees.configDrive(), IsoOptions.configDrive());

        assertThat(Arrays.copyOfRange(iso, 16 * 2048, 16 * 2048 + 6))
                .isEqualTo(new byte[] {1, 'C', 'D', '0', '0', '1'});
        assertThat(new String(iso, 16 * 2048 + 40, 32, StandardCharsets.US_ASCII))
                .isEqualTo("config-2" + " ".repeat(24));
        assertThat(iso[17 * 2048]).isEqualTo((byte) 2);
        assertThat(new String(iso, 17 * 2048 + 40, 32, StandardCharsets.UTF_16BE))
                .isEqualTo("config-2" + " ".repeat(8));
        assertThat(new String(iso, 17 * 2048 + 88, 3, StandardCharsets.US_ASCII)).isEqualTo("%/E");
        assertThat(iso[18 * 2048] & 0xFF).isEqualTo(255);
        IsoImageContents c = reader.read(iso);
        assertThat(c.primaryVolumeId()).isEqualTo("config-2");
        assertThat(c.jolietVolumeId()).contains("config-2");
    }

    @Test
    void longNamesAndLargeDirectoriesSpanContinuationAreasAndSectors() throws Exception {
        MetadataTree.Builder b = MetadataTree.builder();
        for (int i = 0; i < 40; i++) {
            b.put("long/" + "名前".repeat(31) + i, "n" + i);
        }
        for (int i = 0; i < 300; i++) {
            b.put("many/file-" + i + ".json", "{\"i\":" + i + "}");
        }
        MetadataTree tree = b.build();

        IsoImageContents c = reader.read(writer.write(tree, IsoOptions.configDrive()));

        assertThat(c.rockRidgeTree()).contains(tree);
        assertThat(c.jolietTree()).contains(tree);
    }

    @Test
    void pathTablesListEveryDirectoryInBothTrees() throws Exception {
        byte[] iso = writer.write(IsoTestTrees.configDrive(), IsoOptions.configDrive());
        // root, openstack, 2012-08-10, latest, content, ec2, latest, 2009-04-04, données, emoji
        for (int descriptor : List.of(16, 17)) {
            List<int[]> little = pathTable(iso, descriptor, true);
            List<int[]> big = pathTable(iso, descriptor, false);
            assertThat(little).hasSize(10);
            for (int i = 0; i < little.size(); i++) {
                int[] entry = little.get(i);
                assertThat(big.get(i)).containsExactly(entry);
                assertThat(entry[1]).isBetween(1, i + 1); // parents come first
                int self = entry[0] * 2048; // the "." record of that directory points at itself
                assertThat(le32(iso, self + 2)).isEqualTo(entry[0]);
                assertThat(iso[self + 25] & 2).isEqualTo(2);
            }
        }
    }

    @Test
    void sevenDirectoriesBelowTheRootAreFineEightAreNot() throws Exception {
        MetadataTree ok = MetadataTree.builder().put("a/b/c/d/e/f/g/file", "x").build();
        MetadataTree deep = MetadataTree.builder().put("a/b/c/d/e/f/g/h/file", "x").build();

        assertThat(reader.read(writer.write(ok, IsoOptions.configDrive())).rockRidgeTree()).contains(ok);
        assertThatThrownBy(() -> writer.write(deep, IsoOptions.configDrive()))
                .isInstanceOf(UnrepresentableTreeException.class)
                .hasMessageContaining("a/b/c/d/e/f/g/h/file").hasMessageContaining("at most 7");
    }

    @Test
    void treesTheFormatCannotHoldAreRefusedWithTheReason() {
        IsoOptions opts = IsoOptions.configDrive();
        Map<MetadataTree, String> cases = Map.of(
                MetadataTree.builder().build(), "no files",
                MetadataTree.builder().put("d/" + "x".repeat(65), "x").build(), "Joliet allows at most 64",
                MetadataTree.builder().put("a:b", "x").build(), "Joliet names cannot contain ':'",
                MetadataTree.builder().put("q?/f", "x").build(), "cannot contain '?'");
        cases.forEach((tree, message) -> assertThatThrownBy(() -> writer.write(tree, opts))
                .isInstanceOf(UnrepresentableTreeException.class).hasMessageContaining(message));
    }

    @Test
    void optionsRejectLabelsAndTextsTheDescriptorsCannotHold() {
        assertThatThrownBy(() -> IsoOptions.of("")).hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> IsoOptions.of("x".repeat(33))).hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> IsoOptions.of("config/2")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> IsoOptions.of(" config-2")).hasMessageContaining("space");
        assertThatThrownBy(() -> IsoOptions.configDrive().withPublisher("vïrtseed")).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> IsoOptions.configDrive().withRecorded(Instant.parse("1899-12-31T23:59:59Z")))
                .hasMessageContaining("1900");
        assertThat(IsoOptions.of("CONFIG-2").volumeId()).isEqualTo("CONFIG-2");
    }

    @Test
    void writingAllocatesLittleMoreThanTheImage() {
        MetadataTree tree = IsoTestTrees.configDrive();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        writer.write(tree, IsoOptions.configDrive()); // warm up class loading
        long before = threads.getCurrentThreadAllocatedBytes();
        byte[] iso = writer.write(tree, IsoOptions.configDrive());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).isLessThan(iso.length + 256 * 1024L);
    }

    /** Entries of a path table as {extent, parent number}. */
    private static List<int[]> pathTable(byte[] iso, int descriptor, boolean little) {
        int base = descriptor * 2048;
        int size = le32(iso, base + 132);
        int pos = (little ? le32(iso, base + 140) : be32(iso, base + 148)) * 2048;
        int end = pos + size;
        List<int[]> out = new java.util.ArrayList<>();
        while (pos < end) {
            int idLen = iso[pos] & 0xFF;
            int extent = little ? le32(iso, pos + 2) : be32(iso, pos + 2);
            int parent = little ? (iso[pos + 6] & 0xFF) | (iso[pos + 7] & 0xFF) << 8
                    : (iso[pos + 6] & 0xFF) << 8 | (iso[pos + 7] & 0xFF);
            out.add(new int[] {extent, parent});
            pos += 8 + idLen + (idLen & 1);
        }
        return out;
    }

    static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    static int be32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }
}
