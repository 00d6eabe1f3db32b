package io.virtseed.configdrive.iso;

import static io.virtseed.configdrive.iso.IsoImageWriterTest.le32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.metadata.MetadataTree;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reader on damaged or unusual images: it must fail clearly and never hang. */
class IsoImageReaderTest {

    private final IsoImageReader reader = new IsoImageReader();
    private final MetadataTree small = MetadataTree.builder().put("a/f", "content").put("b", "bee").build();
    private final byte[] image = new IsoImageWriter().write(small, IsoOptions.configDrive());

    @Test
    void refusesWhatIsNotAnIsoImage() {
        assertThatThrownBy(() -> reader.read(new byte[1000])).isInstanceOf(MalformedIsoException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> reader.read(new byte[40_000])).isInstanceOf(MalformedIsoException.class)
                .hasMessageContaining("no 'CD001'");
    }

    @Test
    void refusesAnImageCutShort() {
        byte[] big = new IsoImageWriter().write(
                MetadataTree.builder().put("big", IsoTestTrees.binary(100_000, 3)).build(), IsoOptions.configDrive());

        assertThatThrownBy(() -> reader.read(Arrays.copyOf(big, big.length - 4096)))
                .isInstanceOf(MalformedIsoException.class).hasMessageContaining("content of 'big'")
                .hasMessageContaining("outside the image");
    }

    @Test
    void aDirectoryPointingBackAtTheRootIsACycleNotALoop() {
        byte[] iso = image.clone();
        int root = le32(iso, 16 * 2048 + 156 + 2);
        int child = firstChildRecord(iso, root); // "A", the directory
        putBoth32(iso, child + 2, root);

        assertThatThrownBy(() -> reader.read(iso)).isInstanceOf(MalformedIsoException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void aSuspEntryLongerThanItsRecordIsRefused() {
        byte[] iso = image.clone();
        int root = le32(iso, 16 * 2048 + 156 + 2);
        int child = firstChildRecord(iso, root);
        int su = child + 33 + (iso[child + 32] & 0xFF) + ((iso[child + 32] & 1) == 0 ? 1 : 0);
        assertThat(new String(iso, su, 2, StandardCharsets.US_ASCII)).isEqualTo("PX");
        iso[su + 2] = (byte) 250;

        assertThatThrownBy(() -> reader.read(iso)).isInstanceOf(MalformedIsoException.class)
                .hasMessageContaining("SUSP entry 'PX'");
    }

    @Test
    void aContinuationAreaThatContinuesIntoItselfIsBounded() {
        byte[] iso = image.clone();
        int root = le32(iso, 16 * 2048 + 156 + 2);
        int ce = root * 2048 + 34 + 7 + 36 + 26; // root ".": SP, PX, TF, then CE
        assertThat(new String(iso, ce, 2, StandardCharsets.US_ASCII)).isEqualTo("CE");
        int area = le32(iso, ce + 4) * 2048 + le32(iso, ce + 12);
        putBoth32(iso, ce + 20, 28);
        System.arraycopy(iso, ce, iso, area, 28); // the ER area now holds the same CE, pointing at itself
        putBoth32(iso, area + 4, area / 2048);
        putBoth32(iso, area + 12, area % 2048);
        putBoth32(iso, area + 20, 28);

        assertThatThrownBy(() -> reader.read(iso)).isInstanceOf(MalformedIsoException.class)
                .hasMessageContaining("more than 32 SUSP continuation areas");
    }

    @Test
    void aContinuationAreaMustStayInsideItsBlock() {
        byte[] iso = image.clone();
        int root = le32(iso, 16 * 2048 + 156 + 2);
        int ce = root * 2048 + 34 + 7 + 36 + 26;
        putBoth32(iso, ce + 12, 2000); // 2000 + 237 bytes of ER would cross into the next block

        assertThatThrownBy(() -> reader.read(iso)).isInstanceOf(MalformedIsoException.class)
                .hasMessageContaining("leaves its block");
    }

    @Test
    void limitsBoundTheTreeAnImageMayClaim() {
        assertThatThrownBy(() -> new IsoImageReader(new IsoReadLimits(2, 64, 1 << 20)).read(image))
                .isInstanceOf(MalformedIsoException.class).hasMessageContaining("more than 2 entries");
        assertThatThrownBy(() -> new IsoImageReader(new IsoReadLimits(100, 64, 5)).read(image))
                .isInstanceOf(MalformedIsoException.class).hasMessageContaining("above the limit of 5");
        assertThatThrownBy(() -> new IsoImageReader(new IsoReadLimits(100, 1, 1 << 20)).read(image))
                .isInstanceOf(MalformedIsoException.class).hasMessageContaining("deeper than 1");
    }

    @Test
    void jolietLevelsOneAndTwoAreRecognised() throws Exception {
        byte[] iso = image.clone();
        iso[17 * 2048 + 90] = '@';
        assertThat(reader.read(iso).jolietLevel()).isEqualTo(1);
        iso[17 * 2048 + 90] = 'C';
        assertThat(reader.read(iso).jolietLevel()).isEqualTo(2);
        iso[17 * 2048 + 88] = 0; // no escape sequence: a plain supplementary descriptor
        IsoImageContents c = reader.read(iso);
        assertThat(c.joliet()).isFalse();
        assertThat(c.jolietTree()).isEmpty();
        assertThat(c.rockRidgeTree()).contains(small);
    }

    @Test
    void nameEntriesAreJoinedAcrossContinueFlagsAndContinuationAreas() throws Exception {
        byte[] img = new byte[2 * 2048];
        IsoBuffer b = new IsoBuffer(img, 0);
        b.u8(0).u8(0).both32(0).both32(0).skip(7).u8(0).u8(0).u8(0).both16(1).u8(1).u8('X'); // 34 bytes
        int suStart = b.position();
        b.u8('N').u8('M').u8(8).u8(1).u8(1).u8('a').u8('b').u8('c');    // CONTINUE
        b.u8('Z').u8('Z').u8(6).u8(1).u8(9).u8(9);                        // unknown: skipped
        RockRidge.ce(b, 1, 100, 40);
        RockRidge.px(b, 0100644, 1);
        img[0] = (byte) b.position();
        IsoBuffer area = new IsoBuffer(img, 2048 + 100);
        area.u8('N').u8('M').u8(8).u8(1).u8(1).u8('d').u8('e').u8('f'); // CONTINUE
        area.u8('N').u8('M').u8(7).u8(1).u8(0).u8('g').u8('h');        // last part
        area.u8('S').u8('T').u8(4).u8(1);
        area.u8('N').u8('M').u8(7).u8(1).u8(0).u8('z').u8('z');        // after ST: ignored

        ImageBytes bytes = new ImageBytes(img);
        DirectoryRecord r = DirectoryRecord.read(bytes, 0, 2048);
        SystemUseReader.Entries e = new SystemUseReader(bytes, 0).read(r);

        assertThat(r.systemUseStart()).isEqualTo(suStart);
        assertThat(e.name()).isEqualTo("abcdefgh");
        assertThat(e.mode()).isEqualTo(0100644);
    }

    /** Offset of the first record after "." and ".." in the directory at {@code sector}. */
    private static int firstChildRecord(byte[] iso, int sector) {
        int p = sector * 2048;
        p += iso[p] & 0xFF;
        return p + (iso[p] & 0xFF);
    }

    private static void putBoth32(byte[] b, int p, int v) {
        new IsoBuffer(b, p).both32(v);
    }
}
