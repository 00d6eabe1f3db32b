package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.EventJournal;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleRecorderTest {

    @TempDir
    Path state;

    @Test
    void recordsWhatTheGuestsOfItsStateFolderDoInTheirInstanceFolders() throws Exception {
        InstanceStore store = new InstanceStore(state);
        FakeHypervisor hv = new FakeHypervisor(state);
        FakeHypervisor other = hv.sameHost(state.resolve("other"));
        InstanceName mine = InstanceName.of("vs-rec-a");
        InstanceName gone = InstanceName.of("vs-rec-gone");
        InstanceName theirs = InstanceName.of("vs-rec-b");
        Files.createDirectories(store.dir(mine));
        Files.createDirectories(store.dir(theirs)); // a folder of that name here: still not our guest
        try (LifecycleRecorder recorder = new LifecycleRecorder(store, () -> hv).start()) {
            hv.define(request(mine));
            hv.define(request(gone));
            other.define(request(theirs));
            awaitWatching(hv, mine);
            hv.start(mine);
            hv.crash(mine);
            hv.start(gone);
            other.start(theirs);
            other.destroy(theirs);
        }
        List<MachineEvent> events = new EventJournal(store.dir(mine)).read(mine);
        assertThat(events).extracting(MachineEvent::text).containsSubsequence("started (booted)", "crashed (panicked)",
                "stopped (crashed)");
        assertThat(new EventJournal(store.dir(theirs)).read(theirs)).isEmpty();
        assertThat(store.dir(gone)).as("an instance without a folder gets none made for it").doesNotExist();
    }

    /** The recorder connects in the background; a define then shows in the journal once it listens. */
    private static void awaitWatching(FakeHypervisor hv, InstanceName name) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (hv.watching()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the recorder never started watching " + name);
    }

    private static MachineRequest request(InstanceName name) {
        Path dir = Path.of("/tmp/vs-rec");
        return new MachineRequest(name, UUID.nameUUIDFromBytes(name.value().getBytes()), 1, MemorySize.ofMiB(64),
                MachineType.PC, false, dir.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(dir.resolve("disk.config"), DriveFormat.ISO9660)),
                dir.resolve("console.log"), Optional.empty(), List.of());
    }
}
