package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's hand writer against its mapper: the same bytes, or the mapper's. */
class RecordWriterTest {

    private static final UUID ID = UUID.fromString("0b6f5a0e-2c1d-4e3f-9a8b-7c6d5e4f3a2b");

    @TempDir
    Path root;

    private static InstanceRecord.Nic nic(String ip, String ip6, boolean dhcp) {
        return new InstanceRecord.Nic("lab", MacAddress.of("52:54:00:ab:cd:ef"),
                Optional.ofNullable(ip).map(IpAddress::parse), Optional.ofNullable(ip6).map(IpAddress::parse),
                "vs0123456789", dhcp);
    }

    private static List<InstanceRecord> shapes() {
        List<InstanceRecord> out = new ArrayList<>();
        Instant t = Instant.parse("2026-12-03T18:01:02.345678Z");
        for (Phase phase : Phase.values()) {
            for (Accelerator accel : Accelerator.values()) {
                out.add(new InstanceRecord(2, "vs-rw", ID, "debian-12", "web", Datasource.CONFIGDRIVE, MachineType.PC,
                        accel, phase, t, List.of()));
            }
        }
        for (Datasource d : Datasource.values()) {
            for (MachineType m : MachineType.values()) {
                out.add(new InstanceRecord(2, "vs-rw", ID, "img", "h", d, m, Accelerator.KVM, Phase.CREATED,
                        Instant.parse("2026-01-02T03:04:05Z"), List.of(nic("10.88.0.10", null, true))));
            }
        }
        out.add(new InstanceRecord(2, "vs-rw", ID, "img", "h", Datasource.NOCLOUD, MachineType.Q35, Accelerator.TCG,
                Phase.CREATED, Instant.parse("2026-01-02T03:04:05.100Z"), List.of(nic("10.88.0.10",
                        "fd00:88::5054:ff:feab:cdef", true), nic(null, null, true), nic("192.168.7.2", null, false))));
        out.add(new InstanceRecord(1, "vs-rw", ID, null, null, null, null, null, Phase.CREATING, null, null));
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        for (String odd : List.of(controls + "\"\\/\u007f\u0080\u00e9\u2028\u6f22", "/images/a b.qcow2", "")) {
            out.add(new InstanceRecord(2, "vs-rw", ID, odd, odd, Datasource.CONFIGDRIVE, MachineType.PC,
                    Accelerator.TCG, Phase.CREATED, Instant.EPOCH, List.of()));
        }
        return out;
    }

    @Test
    void everyShapeIsWrittenByteForByteAsTheMapperWritesIt() throws Exception {
        for (InstanceRecord r : shapes()) {
            byte[] mapper = InstanceStore.writtenByMapper(r);
            assertThat(RecordWriter.write(r)).as(new String(mapper, StandardCharsets.UTF_8)).hasValueSatisfying(
                    b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(new String(mapper, StandardCharsets.UTF_8)));
        }
    }

    @Test
    void whatTheStoreSavesReadsBackTheSameBothWays() throws Exception {
        var store = new InstanceStore(root);
        InstanceName name = InstanceName.of("vs-rw");
        store.createDir(name);
        for (InstanceRecord r : shapes()) {
            store.save(r);
            byte[] saved = Files.readAllBytes(store.recordFile(name));
            assertThat(saved).isEqualTo(InstanceStore.writtenByMapper(r));
            assertThat(store.find(name)).contains(r);
        }
    }

    @Test
    void aStringWithASurrogateIsLeftToTheMapper() throws Exception {
        InstanceRecord r = new InstanceRecord(2, "vs-rw", ID, "smile \ud83d\ude00", "h", Datasource.CONFIGDRIVE,
                MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.EPOCH, List.of());
        assertThat(RecordWriter.write(r)).isEmpty();
        var store = new InstanceStore(root);
        store.createDir(InstanceName.of("vs-rw"));
        store.save(r); // by the mapper, which escapes the pair
        assertThat(Files.readAllBytes(store.recordFile(InstanceName.of("vs-rw")))).isEqualTo(InstanceStore.writtenByMapper(r));
        assertThat(store.find(InstanceName.of("vs-rw"))).contains(r);
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // 0000-01-01 to 9999-12-31
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertThat(RecordWriter.instant(t)).isEqualTo(t.toString());
        }
        for (Instant t : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2000-02-29T12:00:00Z"))) {
            assertThat(RecordWriter.instant(t)).isEqualTo(t.toString());
        }
    }
}
