package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.value.InstanceName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing's streaming reader against the store's mapper: the same record, or the mapper's error. */
class RecordReaderTest {

    private static final InstanceName NAME = InstanceName.of("vs-rr");

    @TempDir
    Path root;

    @Test
    void everyWrittenRecordReadsTheSameAsTheMappersAndWithoutIt() throws Exception {
        var store = new InstanceStore(root);
        store.createDir(NAME);
        for (InstanceRecord r : RecordShapes.all(NAME.value())) {
            store.save(r);
            byte[] json = Files.readAllBytes(store.recordFile(NAME));
            assertThat(RecordReader.read(json)).as(new String(json, StandardCharsets.UTF_8)).contains(r);
            assertThat(store.find(NAME)).contains(r); // the mapper's reading
            assertThat(store.list()).containsExactly(r);
        }
    }

    @Test
    void bytesThatAreNotUtf8AreLeftToTheMapper() throws Exception {
        String ok = "{\"name\":\"vs-rr\",\"uuid\":\"" + RecordShapes.ID + "\",\"phase\":\"created\",\"image\":\"";
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
        // 0001-01-01 to 9999-12-31
        for (Instant t : RecordShapes.randomInstants(42, 20_000, -62_135_596_800L, 253_402_300_799L)) {
            assertThat(RecordReader.writtenInstant(t.toString())).as(t.toString()).isEqualTo(t);
        }
    }

    @Test
    void handWrittenShapesGiveTheMappersRecordOrItsError() throws Exception {
        String ok = "\"name\":\"vs-rr\",\"uuid\":\"" + RecordShapes.ID + "\",\"phase\":\"created\"";
        String nic = "{\"network\":\"lab\",\"mac\":\"52:54:00:ab:cd:ef\",\"tap\":\"vs0\"";
        // quick: the reader takes these, and must agree with the mapper
        List<String> quick = List.of(
                "{" + ok + "}", // fields left out: the mapper's defaults
                "{\"phase\":\"created\",\"uuid\":\"" + RecordShapes.ID.toString().toUpperCase() + "\",\"name\":\"vs-rr\"}",
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
