package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {

    private static final InstanceName NAME = InstanceName.of("vs-j");

    @TempDir
    Path dir;

    @Test
    void recordsEventsInOrderInAFileOnlyTheOwnerReads() throws IOException {
        EventJournal j = new EventJournal(dir);
        assertThat(j.last(NAME)).isEmpty();
        j.append(new MachineEvent(NAME, Instant.parse("2026-12-03T10:00:00Z"), "started", "booted"));
        j.append(new MachineEvent(NAME, Instant.parse("2026-12-03T10:05:00Z"), "stopped", "shutdown"));
        assertThat(j.read(NAME)).extracting(MachineEvent::text).containsExactly("started (booted)", "stopped (shutdown)");
        assertThat(j.last(NAME).orElseThrow().at()).isEqualTo(Instant.parse("2026-12-03T10:05:00Z"));
        assertThat(Files.getPosixFilePermissions(dir.resolve(EventJournal.FILE))).isEqualTo(AtomicFiles.PRIVATE);
    }

    @Test
    void aLineCutByACrashIsSkippedAndTheNextOnesRead() throws IOException {
        EventJournal j = new EventJournal(dir);
        j.append(new MachineEvent(NAME, Instant.parse("2026-12-03T10:00:00Z"), "started", "booted"));
        Files.writeString(dir.resolve(EventJournal.FILE), "2026-12-03T10:0", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve(EventJournal.FILE), "\n", StandardOpenOption.APPEND);
        j.append(new MachineEvent(NAME, Instant.parse("2026-12-03T10:09:00Z"), "crashed", "panicked"));
        assertThat(j.read(NAME)).extracting(MachineEvent::text).containsExactly("started (booted)", "crashed (panicked)");
    }

    @Test
    void wordsThatWouldBreakTheFormatAreRefused() {
        EventJournal j = new EventJournal(dir);
        assertThatThrownBy(() -> j.append(new MachineEvent(NAME, Instant.now(), "stopped", "shut down\nx")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsNewestHalfOnceItGrowsPastItsLimit() throws IOException {
        EventJournal j = new EventJournal(dir);
        Instant t = Instant.parse("2026-12-03T00:00:00Z");
        int n = 0;
        while (Files.notExists(dir.resolve(EventJournal.FILE))
                || Files.size(dir.resolve(EventJournal.FILE)) <= EventJournal.MAX_BYTES - 100) {
            j.append(new MachineEvent(NAME, t.plusSeconds(n++), "started", "booted"));
        }
        for (int i = 0; i < 10; i++) {
            j.append(new MachineEvent(NAME, t.plusSeconds(n++), "stopped", "destroyed"));
        }
        assertThat(Files.size(dir.resolve(EventJournal.FILE))).isLessThanOrEqualTo(EventJournal.MAX_BYTES);
        assertThat(j.last(NAME).orElseThrow().at()).isEqualTo(t.plusSeconds(n - 1));
        assertThat(Files.readString(dir.resolve(EventJournal.FILE), StandardCharsets.UTF_8)).startsWith("2026-");
    }
}
