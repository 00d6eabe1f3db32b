package io.virtseed.configdrive.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against damaged and hostile images: it must fail cleanly and always end. */
class FatImageReaderTest {

    private static final long SIZE = 1024 * 1024;

    @TempDir
    Path dir;

    private final FatImageReader reader = new FatImageReader();

    /** A small FAT12 image: root -> "sub" (cluster 2) -> "data.bin" (clusters 3..). */
    private Path smallImage() throws IOException {
        MetadataTree tree = MetadataTree.builder().put("sub/data.bin", FatTestTrees.bytes(5000, 9)).build();
        Path img = dir.resolve("small.img");
        new FatImageWriter().write(tree, new FatOptions("cidata", SIZE), img);
        return img;
    }

    @Test
    void clusterChainLoopIsReportedNotFollowed() throws IOException {
        Path img = smallImage();
        setFat12(img, 4, 3);   // data.bin: 3 -> 4 -> 3 ...

        assertThatThrownBy(() -> reader.read(img))
                .isInstanceOf(FatFormatException.class)
                .hasMessageContaining("/sub/data.bin").hasMessageContaining("reached twice");
    }

    @Test
    void directoryPointingAtItsParentIsReported() throws IOException {
        Path img = smallImage();
        FatGeometry g = FatGeometry.forImageSize(SIZE);
        // Turn data.bin's entry (after ".", ".." and one long-name entry) into a directory at cluster 2.
        long entry = g.clusterOffset(2) + 3 * 32;
        patch(img, entry + 11, new byte[] {0x10});
        patch(img, entry + 26, new byte[] {2, 0});

        assertThatThrownBy(() -> reader.read(img)).isInstanceOf(FatFormatException.class).hasMessageContaining("twice");
    }

    @Test
    void chainIntoFreeOrOutOfRangeClustersIsReported() throws IOException {
        Path img = smallImage();
        setFat12(img, 3, 0);
        assertThatThrownBy(() -> reader.read(img)).isInstanceOf(FatFormatException.class).hasMessageContaining("free cluster");

        setFat12(img, 3, 0xFF0);
        assertThatThrownBy(() -> reader.read(img)).isInstanceOf(FatFormatException.class).hasMessageContaining("outside");
    }

    @Test
    void truncatedImageAndGarbageAreRefused() throws IOException {
        Path img = smallImage();
        Path cut = dir.resolve("cut.img");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(img), 8192));
        Path junk = dir.resolve("junk.img");
        Files.write(junk, FatTestTrees.bytes(4096, 1));
        Path tiny = dir.resolve("tiny.img");
        Files.write(tiny, new byte[100]);

        assertThatThrownBy(() -> reader.read(cut)).isInstanceOf(FatFormatException.class).hasMessageContaining("total sectors");
        assertThatThrownBy(() -> reader.read(junk)).isInstanceOf(FatFormatException.class).hasMessageContaining("55 AA");
        assertThatThrownBy(() -> reader.read(tiny)).isInstanceOf(FatFormatException.class).hasMessageContaining("too small");
    }

    @Test
    void contentLimitIsEnforced() throws IOException {
        Path img = smallImage();

        assertThatThrownBy(() -> new FatImageReader(4000).read(img))
                .isInstanceOf(FatFormatException.class).hasMessageContaining("limit of 4000");
    }

    @Test
    void randomlyDamagedImagesEitherReadOrFailWithFatFormatException() throws IOException {
        Path img = smallImage();
        byte[] good = Files.readAllBytes(img);
        FatGeometry g = FatGeometry.forImageSize(SIZE);
        int metadataEnd = (int) g.clusterOffset(3);   // boot sector, FATs, root and "sub"
        Random random = new Random(20240601);
        Path damaged = dir.resolve("damaged.img");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 300; round++) {
                byte[] copy = good.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    int at = random.nextInt(4) == 0 ? random.nextInt(64) : random.nextInt(metadataEnd);
                    copy[at] = (byte) random.nextInt(256);
                }
                Files.write(damaged, copy);
                try {
                    reader.read(damaged);   // any other exception type fails the test
                } catch (FatFormatException expected) {
                    assertThat(expected.getMessage()).startsWith(damaged.toString());
                }
            }
        });
    }

    private static void setFat12(Path img, long cluster, int value) throws IOException {
        FatGeometry g = FatGeometry.forImageSize(SIZE);
        for (int copy = 0; copy < g.fatCount(); copy++) {
            long off = g.fatOffset(copy) + cluster + cluster / 2;
            ByteBuffer two = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.read(two, off);
                int old = two.getShort(0) & 0xFFFF;
                int updated = (cluster & 1) == 0 ? (old & 0xF000) | value : (old & 0x000F) | (value << 4);
                two.clear();
                two.putShort(0, (short) updated);
                ch.write(two, off);
            }
        }
    }

    private static void patch(Path img, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
