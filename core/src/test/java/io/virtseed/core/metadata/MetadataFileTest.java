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

    /** up writes the drive from the metadata it saved, the service serves what it reads back: the two must agree. */
    @Test
    void vendorDataNumbersOfEveryKindRenderTheSameOnceReadBack() {
        java.util.Map<String, Object> numbers = new java.util.LinkedHashMap<>();
        numbers.put("cloud-init", "#cloud-config\n");
        numbers.put("int", -42);
        numbers.put("long", Long.MAX_VALUE);
        numbers.put("intAsLong", 7L);
        numbers.put("short", (short) 7);
        numbers.put("byte", (byte) -3);
        numbers.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        numbers.put("smallBig", java.math.BigInteger.TEN);
        numbers.put("decimal", new java.math.BigDecimal("1.50E+3"));
        numbers.put("longDecimal", new java.math.BigDecimal("0.1000000000000000055511151231257827"));
        numbers.put("double", 0.1 + 0.2);
        numbers.put("negativeZero", -0.0d);
        numbers.put("float", 1.1f);
        numbers.put("list", java.util.List.of(1.5f, 2L, java.util.Map.of("x", new java.math.BigDecimal("3.0"))));
        InstanceMetadata md = InstanceMetadata.from(MetadataFixtures.typicalSpec().toBuilder().vendorData(numbers)
                .build(), MetadataFixtures.UUID_1, MetadataFixtures.twoNics(), MetadataFixtures.seed());
        MetadataFile.write(dir, md);
        InstanceMetadata back = MetadataFile.read(dir).orElseThrow();
        assertThat(back.vendorData()).isEqualTo(md.vendorData());
        assertThat(back.openStackTree()).isEqualTo(md.openStackTree());
        assertThat(back.noCloudTree()).isEqualTo(md.noCloudTree());
        assertThat(back.httpTree()).isEqualTo(md.httpTree());
    }

    @Test
    void aNumberJsonCannotHoldIsRefusedAtOnceNotWhenTheSavedMetadataIsReadBack() {
        java.util.Map<String, Object> vendor = java.util.Map.of("huge", new java.math.BigDecimal("1E+400"));
        assertThatThrownBy(() -> InstanceMetadata.from(MetadataFixtures.typicalSpec().toBuilder().vendorData(vendor)
                .build(), MetadataFixtures.UUID_1, MetadataFixtures.twoNics(), MetadataFixtures.seed()))
                .isInstanceOf(io.virtseed.core.error.SpecException.class).hasMessageContaining("vendor_data.huge");
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
