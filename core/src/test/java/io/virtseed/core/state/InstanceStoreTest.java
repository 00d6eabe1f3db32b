package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.StateException;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStoreTest {

    @TempDir
    Path root;

    private static InstanceRecord record(String name) {
        return new InstanceRecord(2, name, UUID.randomUUID(), "img", name, Datasource.CONFIGDRIVE, MachineType.PC, Accelerator.TCG, Phase.CREATED,
                Instant.parse("2026-01-02T03:04:05Z"), List.of(new InstanceRecord.Nic("lab", MacAddress.of("52:54:00:00:00:01"), Optional.of(IpAddress.parse("10.88.0.10")), Optional.empty(), "vs0000000000", true)));
    }

    @Test
    void recordsRoundTripAndListSkipsHalfMadeFolders() throws Exception {
        var store = new InstanceStore(root);
        store.createDir(InstanceName.of("vs-b"));
        store.save(record("vs-b"));
        store.createDir(InstanceName.of("vs-a"));
        store.save(record("vs-a"));
        store.createDir(InstanceName.of("vs-crashed")); // no record: a create that died
        assertThat(store.list()).extracting(InstanceRecord::name).containsExactly("vs-a", "vs-b");
        assertThat(store.find(InstanceName.of("vs-a")).orElseThrow().created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.recordFile(InstanceName.of("vs-a")))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir(InstanceName.of("vs-a")))))
                .isEqualTo("rwx--x--x");
        try (var files = Files.list(store.dir(InstanceName.of("vs-a")))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("instance.json"); // no temp left
        }
    }

    @Test
    void theLockFileNamingItsHolderIsTheOwnersAlone() throws Exception {
        var store = new InstanceStore(root);
        store.ensureLayout();
        try (var lock = store.lock()) {
            assertThat(Files.getPosixFilePermissions(root.resolve("lock"))).isEqualTo(AtomicFiles.PRIVATE);
        }
    }

    @Test
    void aCorruptRecordIsAStateErrorNamingTheFile() throws Exception {
        var store = new InstanceStore(root);
        store.createDir(InstanceName.of("vs-c"));
        Files.writeString(store.recordFile(InstanceName.of("vs-c")), "{not json");
        assertThatThrownBy(() -> store.find(InstanceName.of("vs-c"))).isInstanceOf(StateException.class)
                .hasMessageContaining("instance.json is unreadable");
    }

    @Test
    void deleteDirRemovesEverythingAndToleratesAbsence() throws Exception {
        var store = new InstanceStore(root);
        Path d = store.createDir(InstanceName.of("vs-d"));
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("sub/f"), "x");
        store.deleteDir(InstanceName.of("vs-d"));
        assertThat(d).doesNotExist();
        store.deleteDir(InstanceName.of("vs-d"));
        assertThatThrownBy(() -> { store.createDir(InstanceName.of("vs-e")); store.createDir(InstanceName.of("vs-e")); })
                .isInstanceOf(StateException.class).hasMessageContaining("already exists");
    }

    private Process tryLockElsewhere() throws java.io.IOException {
        return tryLockElsewhere(root.resolve("lock"));
    }

    private static Process tryLockElsewhere(Path file) throws java.io.IOException {
        return new ProcessBuilder("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'a')\n"
                + "try:\n fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n sys.exit(1)",
                file.toString()).start();
    }

    @Test
    void anInstancesLockExcludesOtherThreadsAndProcessesButNotOtherInstancesOrTheStateLock() throws Exception {
        var store = new InstanceStore(root);
        InstanceName a = InstanceName.of("vs-la");
        try (var lock = store.lockInstance(a)) {
            Path file = root.resolve("locks/instance-vs-la");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(AtomicFiles.PRIVATE);
            assertThat(Files.getPosixFilePermissions(root.resolve("locks"))).isEqualTo(FileModes.PRIVATE_DIR);
            Process p = tryLockElsewhere(file);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("another process is refused").isEqualTo(1);
            // another thread of this process: refused by the in-process lock, never an OverlappingFileLockException
            assertThat(CompletableFuture.supplyAsync(() -> store.tryLockInstance(a).isPresent()).get(5,
                    TimeUnit.SECONDS)).isFalse();
            // the same thread again: counted, as the state lock is
            try (var again = store.tryLockInstance(a).orElseThrow()) {
                assertThat(again).isNotNull();
            }
            // another instance, and the state lock, are free meanwhile
            assertThat(CompletableFuture.supplyAsync(() -> {
                try (var b = store.lockInstance(InstanceName.of("vs-lb")); var s = store.lock()) {
                    return true;
                }
            }).get(5, TimeUnit.SECONDS)).isTrue();
        }
        Process p = tryLockElsewhere(root.resolve("locks/instance-vs-la"));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("released on close").isZero();
        assertThat(CompletableFuture.supplyAsync(() -> store.tryLockInstance(a).map(l -> {
            l.close();
            return true;
        }).orElse(false)).get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theLockExcludesASecondProcess() throws Exception {
        var store = new InstanceStore(root);
        try (var lock = store.lock()) {
            // another process asking for the same POSIX record lock without waiting is refused
            Process p = tryLockElsewhere();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
        }
        Process p = tryLockElsewhere();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(CompletableFuture.supplyAsync(() -> { try (var l = store.lock()) { return true; } }).get(5,
                TimeUnit.SECONDS)).isTrue();
    }
}
