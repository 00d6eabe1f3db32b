package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing's streaming reader against the store's mapper: the same record, or the mapper's error. */
class RecordReaderTest {

    private static final InstanceName NAME = InstanceName.of("vs-rr");
    private static final UUID UUID_1 = UUID.fromString("0b6f5a0e-2c1d-4e3f-9a8b-7c6d5e4f3a2b");

    @TempDir
    Path root;

    private static InstanceRecord.Nic nic(String ip, String ip6, boolean dhcp) {
        return new InstanceRecord.Nic("lab", MacAddress.of("52:54:00:ab:cd:ef"),
                Optional.ofNullable(ip).map(IpAddress::parse), Optional.ofNullable(ip6).map(IpAddress::parse),
                "vs0123456789", dhcp);
    }

    private static InstanceRecord record(Accelerator accel, Phase phase, List<InstanceRecord.Nic> nics) {
        return new InstanceRecord(InstanceRecord.CURRENT_VERSION, NAME.value(), UUID_1, "debian-12", "web",
                Datasource.CONFIGDRIVE, MachineType.PC, accel, phase, Instant.parse("2026-12-03T18:01:02.345678Z"), nics);
    }

    /** Every shape the project writes: each enum value, no NIC, NICs with and without addresses. */
    private static List<InstanceRecord> written() {
        List<InstanceRecord> out = new java.util.ArrayList<>();
        for (Phase phase : Phase.values()) {
            out.add(record(Accelerator.TCG, phase, List.of()));
        }
        for (Datasource d : Datasource.values()) {
            for (MachineType m : MachineType.values()) {
                out.add(new InstanceRecord(2, NAME.value(), UUID_1, "img", "h", d, m, Accelerator.KVM, Phase.CREATED,
                        Instant.parse("2026-01-02T03:04:05Z"), List.of(nic("10.88.0.10", null, true))));
            }
        }
        out.add(record(Accelerator.KVM, Phase.CREATED, List.of(nic("10.88.0.10", "fd00:88::5054:ff:feab:cdef", true),
                nic(null, null, true), nic("192.168.7.2", null, false))));
        out.add(new InstanceRecord(1, NAME.value(), UUID_1, null, null, null, null, null, Phase.CREATING, null, null));
        return out;
    }

    @Test
    void everyWrittenRecordReadsTheSameAsTheMappersAndWithoutIt() throws Exception {
        var store = new InstanceStore(root);
        store.createDir(NAME);
        for (InstanceRecord r : written()) {
            store.save(r);
            byte[] json = Files.readAllBytes(store.recordFile(NAME));
            assertThat(RecordReader.read(json)).as(new String(json, StandardCharsets.UTF_8)).contains(r);
            assertThat(store.find(NAME)).contains(r); // the mapper's reading
            assertThat(store.list()).containsExactly(r);
        }
    }

    @Test
    void bytesThatAreNotUtf8AreLeftToTheMapper() throws Exception {
        String ok = "{\"name\":\"vs-rr\",\"uuid\":\"" + UUID_1 + "\",\"phase\":\"created\",\"image\":\"";
        byte[] latin1 = (ok + "caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = (ok + "x\"}").getBytes(StandardCharsets.UTF_16);
        for (byte[] json : List.of(latin1, utf16)) {
            assertThat(RecordReader.read(json)).isEmpty();
        }
        var store = new InstanceStore(root);
        store.createDir(NAME);
        Files.write(store.recordFile(NAME), latin1);
        assertThatThrownBy(store::list).isInstanceOf(RuntimeException.class); // the mapper's error, not a guess
    }

    @Test
    void theInstantsTheStoreWritesReadBackExactly() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // 0001-01-01 to 9999-12-31
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertThat(RecordReader.writtenInstant(t.toString())).as(t.toString()).isEqualTo(t);
        }
    }

    @Test
    void handWrittenShapesGiveTheMappersRecordOrItsError() throws Exception {
        String ok = "\"name\":\"vs-rr\",\"uuid\":\"" + UUID_1 + "\",\"phase\":\"created\"";
        String nic = "{\"network\":\"lab\",\"mac\":\"52:54:00:ab:cd:ef\",\"tap\":\"vs0\"";
        // quick: the reader takes these, and must agree with the mapper
        List<String> quick = List.of(
                "{" + ok + "}", // fields left out: the mapper's defaults
                "{\"phase\":\"created\",\"uuid\":\"" + UUID_1.toString().toUpperCase() + "\",\"name\":\"vs-rr\"}",
                "{" + ok + ",\"nics\":null,\"image\":null,\"created\":null,\"accel\":null}",
                "{" + ok + ",\"nics\":[" + nic + ",\"dhcp\":true}," + nic + ",\"ip\":null,\"ip6\":null,\"dhcp\":false}]}",
                "{" + ok + ",\"nics\":[" + nic + "}]}",
                "  {" + ok + "}\n\n",
                // the hand reader's own ground: escapes, whitespace, an empty list, numbers, instants
                "{" + ok + ",\"image\":\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\b\\f\\n\\r\\t\"}",
                "{" + ok + ",\"image\":\"caf\u00e9 \u6f22\"}",
                "{\t\r\n " + ok.replace(",", " ,\n ").replace(":", " : ") + " ,\"nics\" : [ ] }",
                "{" + ok + ",\"version\":0}", "{" + ok + ",\"version\":2147483647}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05Z\"}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05.100Z\"}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05.000100Z\"}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05.123456789Z\"}",
                "{" + ok + ",\"created\":\"2024-02-29T23:59:59.999999999Z\"}",
                "{" + ok + ",\"created\":\"2000-02-29T00:00:00Z\"}",
                "{" + ok + ",\"created\":\"1969-12-31T23:59:59Z\"}",
                "{" + ok + ",\"created\":\"0001-03-01T00:00:00Z\"}",
                "{" + ok + ",\"created\":\"9999-12-31T23:59:59Z\"}");
        // left to the mapper: its coercions, its errors
        List<String> mapper = List.of(
                "{" + ok + ",\"version\":\"2\"}", "{" + ok + ",\"version\":2.0}", "{" + ok + ",\"image\":7}",
                "{" + ok + ",\"name\":\"vs-other\"}", "{" + ok + ",\"created\":1767000000}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05+00:00\"}", "{" + ok + ",\"accel\":\"\"}",
                "{" + ok + ",\"nics\":[" + nic + ",\"dhcp\":\"true\"}]}", "{" + ok + ",\"nics\":[" + nic + ",\"dhcp\":null}]}",
                "{" + ok + ",\"nics\":[null]}",
                // errors
                "{" + ok + ",\"extra\":1}", "{" + ok + ",\"phase\":\"gone\"}", "{\"name\":\"vs-rr\"}",
                "{" + ok + ",\"uuid\":\"1-2-3-4-5\"}", "{" + ok + ",\"accel\":\"xen\"}", "{" + ok,
                "{" + ok + "} trailing", "[]", "", "{" + ok + ",\"nics\":[{\"network\":\"lab\"}]}",
                "{" + ok + ",\"nics\":[" + nic + ",\"ip\":\"10.0.0.300\"}]}", "{" + ok + ",\"version\":99999999999}",
                // what the hand reader leaves: other number forms, other instant forms, odd JSON
                "{" + ok + ",\"version\":-1}", "{" + ok + ",\"version\":02}", "{" + ok + ",\"version\":2e0}",
                "{" + ok + ",\"version\":2147483648}", "{" + ok + ",\"version\":-0}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05.000Z\"}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05.100000Z\"}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04:05.1Z\"}",
                "{" + ok + ",\"created\":\"2026-01-02T03:04Z\"}", "{" + ok + ",\"created\":\"2026-01-02t03:04:05z\"}",
                "{" + ok + ",\"created\":\"2025-02-29T00:00:00Z\"}", "{" + ok + ",\"created\":\"1900-02-29T00:00:00Z\"}",
                "{" + ok + ",\"created\":\"2026-13-01T00:00:00Z\"}", "{" + ok + ",\"created\":\"2026-04-31T00:00:00Z\"}",
                "{" + ok + ",\"created\":\"2026-12-31T23:59:60Z\"}", "{" + ok + ",\"created\":\"2026-12-31T24:00:00Z\"}",
                "{" + ok + ",\"created\":\"+12026-01-02T03:04:05Z\"}", "{" + ok + ",\"created\":\"2026-01-02 03:04:05Z\"}",
                "{" + ok + ",\"image\":\"tab\there\"}", "{" + ok + ",\"image\":\"\\x41\"}",
                "{" + ok + ",\"image\":\"\\u00g1\"}", "{" + ok + ",\"image\":\"open}",
                "\ufeff{" + ok + "}", "{" + ok + ",}", "{," + ok + "}", "{" + ok + "}}", "{" + ok + "} {}",
                "{" + ok + ",\"nics\":[]]}", "{" + ok + ",\"nics\":[" + nic + "},]}", "{" + ok + ",\"nics\":nullx}",
                "{" + ok + ",\"nics\":[" + nic + ",\"dhcp\":truex}]}", "{" + ok + " /* note */}",
                "{'name':'vs-rr'}", "{" + ok + ",\"image\":\"\u0000\"}");
        var store = new InstanceStore(root);
        store.createDir(NAME);
        for (String json : quick) {
            Files.writeString(store.recordFile(NAME), json);
            Optional<InstanceRecord> read = RecordReader.read(json.getBytes(StandardCharsets.UTF_8));
            assertThat(read).as(json).isPresent();
            assertThat(read).as(json).isEqualTo(store.find(NAME));
            assertThat(store.list()).as(json).containsExactly(read.get());
        }
        for (String json : mapper) {
            Files.writeString(store.recordFile(NAME), json);
            assertThat(RecordReader.read(json.getBytes(StandardCharsets.UTF_8))).as(json).isEmpty();
            Object byMapper;
            try {
                byMapper = store.find(NAME).orElseThrow();
            } catch (RuntimeException e) {
                assertThatThrownBy(store::list).as(json).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
                continue;
            }
            assertThat(store.list()).as(json).containsExactly((InstanceRecord) byMapper);
        }
    }
}
