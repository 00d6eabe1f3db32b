package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's hand writer against its mapper: the same bytes, or the mapper's. */
class RecordWriterTest {

    @TempDir
    Path root;

    @Test
    void everyShapeIsWrittenByteForByteAsTheMapperWritesIt() throws Exception {
        for (InstanceRecord r : RecordShapes.all("vs-rw")) {
            byte[] mapper = InstanceStore.writtenByMapper(r);
            if (r.image() != null && r.image().chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                assertThat(RecordWriter.write(r)).isEmpty(); // the mapper's to write
                continue;
            }
            assertThat(RecordWriter.write(r)).as(new String(mapper, StandardCharsets.UTF_8)).hasValueSatisfying(
                    b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(new String(mapper, StandardCharsets.UTF_8)));
        }
    }

    @Test
    void whatTheStoreSavesReadsBackTheSameBothWays() throws Exception {
        var store = new InstanceStore(root);
        InstanceName name = InstanceName.of("vs-rw");
        store.createDir(name);
        for (InstanceRecord r : RecordShapes.all("vs-rw")) {
            store.save(r);
            byte[] saved = Files.readAllBytes(store.recordFile(name));
            assertThat(saved).isEqualTo(InstanceStore.writtenByMapper(r));
            assertThat(store.find(name)).contains(r);
        }
    }

    @Test
    void aStringWithASurrogateIsLeftToTheMapper() throws Exception {
        InstanceRecord r = new InstanceRecord(2, "vs-rw", RecordShapes.ID, "smile \ud83d\ude00", "h", Datasource.CONFIGDRIVE,
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
        // 0000-01-01 to 9999-12-31
        for (Instant t : RecordShapes.randomInstants(7, 20_000, -62_167_219_200L, 253_402_300_800L)) {
            assertThat(RecordWriter.instant(t)).isEqualTo(t.toString());
        }
        for (Instant t : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2000-02-29T12:00:00Z"))) {
            assertThat(RecordWriter.instant(t)).isEqualTo(t.toString());
        }
    }
}
