package io.virtseed.network.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Phase;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner sees every change to the state folder, with the kernel's change notification
 * telling it where to look: an edited record, an instance added, removed, or removed and made
 * anew under the same name (another folder, which must be watched again).
 */
class StateScannerTest {

    @TempDir
    Path state;

    private void write(String name, String ip, String mac) {
        InstanceStore store = new InstanceStore(state);
        Path dir = store.instancesDir().resolve(name);
        if (!dir.toFile().isDirectory()) {
            dir = store.createDir(InstanceName.of(name));
        }
        UUID uuid = UUID.randomUUID();
        store.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, name, uuid, "img", name, Datasource.METADATA,
                MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(),
                List.of(new InstanceRecord.Nic("lab", MacAddress.of(mac), Optional.of(IpAddress.parse(ip)),
                        Optional.empty(), "vst" + name, false))));
        MetadataFile.write(dir, InstanceMetadata.builder(uuid, name, name, new byte[512]).build());
    }

    private static Optional<String> at(StateScanner.Snapshot s, String ip) throws Exception {
        return s.find("lab", InetAddress.getByName(ip)).map(ServedInstance::name);
    }

    /** Scans until {@code ok} holds: the kernel's events reach the watch a moment after the write. */
    private static StateScanner.Snapshot scanUntil(StateScanner scanner, Predicate<StateScanner.Snapshot> ok)
            throws InterruptedException {
        StateScanner.Snapshot s = scanner.scan();
        for (int i = 0; i < 100 && !ok.test(s); i++) {
            Thread.sleep(20);
            s = scanner.scan();
        }
        return s;
    }

    private static Predicate<StateScanner.Snapshot> serves(String ip, Optional<String> name) {
        return s -> {
            try {
                return at(s, ip).equals(name);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void everyKindOfChangeIsSeenAndAnUnchangedFolderGivesTheSameSnapshot() throws Exception {
        try (StateScanner scanner = new StateScanner(state)) {
            assertThat(scanner.scan().bySource()).isEmpty();
            write("vsa", "10.213.0.10", "52:54:00:00:00:0a");
            StateScanner.Snapshot s = scanUntil(scanner, serves("10.213.0.10", Optional.of("vsa")));
            assertThat(at(s, "10.213.0.10")).contains("vsa");
            assertThat(scanner.scan()).as("nothing changed: the same snapshot").isSameAs(s);

            write("vsa", "10.213.0.11", "52:54:00:00:00:0a");
            s = scanUntil(scanner, serves("10.213.0.11", Optional.of("vsa")));
            assertThat(at(s, "10.213.0.11")).as("an edited record").contains("vsa");
            assertThat(at(s, "10.213.0.10")).isEmpty();

            write("vsb", "10.213.0.12", "52:54:00:00:00:0b");
            s = scanUntil(scanner, serves("10.213.0.12", Optional.of("vsb")));
            assertThat(at(s, "10.213.0.12")).as("an instance added").contains("vsb");

            new InstanceStore(state).deleteDir(InstanceName.of("vsa"));
            s = scanUntil(scanner, serves("10.213.0.11", Optional.empty()));
            assertThat(at(s, "10.213.0.11")).as("an instance removed").isEmpty();
            assertThat(at(s, "10.213.0.12")).contains("vsb");

            new InstanceStore(state).deleteDir(InstanceName.of("vsb"));
            write("vsb", "10.213.0.13", "52:54:00:00:00:0b");
            s = scanUntil(scanner, serves("10.213.0.13", Optional.of("vsb")));
            assertThat(at(s, "10.213.0.13")).as("removed and made anew").contains("vsb");
            assertThat(at(s, "10.213.0.12")).isEmpty();

            // the new folder is watched: a later edit of it is seen too
            write("vsb", "10.213.0.14", "52:54:00:00:00:0b");
            s = scanUntil(scanner, serves("10.213.0.14", Optional.of("vsb")));
            assertThat(at(s, "10.213.0.14")).as("an edit of the folder made anew").contains("vsb");
        }
    }
}
