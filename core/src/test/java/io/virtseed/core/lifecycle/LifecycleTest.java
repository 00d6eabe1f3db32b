package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.exec.RecordingCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.metadata.MetadataTree;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.AtomicFiles;
import io.virtseed.core.state.FileModes;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeNetworks;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LifecycleTest {

    @TempDir
    Path state;

    private final FakeHypervisor hv = new FakeHypervisor();
    private final FakeNetworks net = new FakeNetworks();
    private final RecordingCommandRunner runner = FakeImageTool.runner();
    private final DriveSpy drives = new DriveSpy();
    private InstanceStore store;
    private ImageStore images;
    private String failAt;
    private String killAt;
    private String breakAt;
    private Runnable breakWith;
    private final List<String> seen = new java.util.ArrayList<>();

    /** Writes the tree's file list so tests can see what the drive held. */
    static final class DriveSpy implements ConfigDriveWriter {
        MetadataTree last;
        String label;
        DriveFormat format;

        @Override
        public void write(MetadataTree tree, String volumeLabel, DriveFormat fmt, Path out) throws IOException {
            last = tree;
            label = volumeLabel;
            format = fmt;
            Files.writeString(out, String.join("\n", tree.files().keySet()));
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        store = new InstanceStore(state);
        images = new ImageStore(state, runner);
        FakeImageTool.storeImage(state, true);
    }

    private Lifecycle lifecycle() {
        Provisioner.Listener listener = step -> {
            seen.add(step);
            if (step.equals(failAt)) {
                throw new IllegalStateException("injected failure at " + step);
            }
            if (step.equals(breakAt)) {
                breakWith.run();
            }
            if (step.equals(killAt)) {
                // an Error escapes undo's catch: the run stops dead there, as a kill -9 stops it
                throw new AssertionError("killed at " + step);
            }
        };
        var networks = new Networks(store, new NetworkStore(state), net, new Ipam(new java.util.Random(7)),
                java.time.Clock.systemUTC(), listener);
        return new Lifecycle(store, images, hv, drives, networks, io.virtseed.core.ports.MetadataService.NONE, listener);
    }

    private static InstanceSpec spec(String name) {
        return InstanceSpec.defaults(name, "img").withUserData("#cloud-config\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everythingUpCreatesIsTheOwnersAloneWhateverModeTheStateFolderHad() throws IOException {
        // as open as it gets, so nothing inherited from it or from a umask can pass for ours
        var open = java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx");
        Files.setPosixFilePermissions(state, open);
        lifecycle().up(spec("vs-a"));

        Path dir = store.dir(InstanceName.of("vs-a"));
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(FileModes.TRAVERSABLE_DIR);
        assertThat(Files.getPosixFilePermissions(store.instancesDir())).isEqualTo(FileModes.TRAVERSABLE_DIR);
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(FileModes.TRAVERSABLE_DIR);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("disk.qcow2", "disk.config", "console.log", "instance.json", "metadata.json",
                        "applied.properties", "id_ed25519", "id_ed25519.pub", "ssh_user")
                .as("no temp file is left of the writes synced at once").noneMatch(n -> n.startsWith("."));
        for (Path f : files) {
            assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(AtomicFiles.PRIVATE);
        }
    }

    @Test
    void aGracefulStopSaysWhetherTheGuestShutDownOrHadToBePoweredOff() {
        var lc = lifecycle();
        InstanceName n = InstanceName.of("vs-a");
        lc.up(spec("vs-a"));
        assertThat(lc.stop(n, Duration.ofSeconds(30))).isEqualTo(Lifecycle.StopOutcome.SHUT_DOWN);
        assertThat(lc.stop(n, Duration.ofSeconds(30))).isEqualTo(Lifecycle.StopOutcome.ALREADY_OFF);

        lc.start(n);
        hv.ignoringShutdown();
        assertThat(lc.stop(n, Duration.ZERO)).isEqualTo(Lifecycle.StopOutcome.DESTROYED);
        assertThat(hv.state(n)).contains(MachineState.SHUTOFF);
    }

    private String metaData() {
        return new String(drives.last.get("openstack/latest/meta_data.json").orElseThrow(), StandardCharsets.UTF_8);
    }

    private String userDataOnDrive() {
        return new String(drives.last.get("openstack/latest/user_data").orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void upAgainWithTheSameSpecChangesNothing() throws IOException {
        var lc = lifecycle();
        InstanceName n = InstanceName.of("vs-a");
        lc.up(spec("vs-a"));
        byte[] drive = Files.readAllBytes(store.dir(n).resolve("disk.config"));
        drives.last = null;
        var again = lc.up(spec("vs-a"), Convergence.UpOptions.DEFAULT);
        assertThat(again.outcome()).isEqualTo(Lifecycle.UpResult.Outcome.UNCHANGED);
        assertThat(again.changes()).isEmpty();
        assertThat(drives.last).as("no drive was written").isNull();
        assertThat(Files.readAllBytes(store.dir(n).resolve("disk.config"))).isEqualTo(drive);
    }

    @Test
    void newUserDataRebuildsAndSwapsTheDriveKeepingTheInstanceId() {
        var lc = lifecycle();
        InstanceName n = InstanceName.of("vs-a");
        var record = lc.up(spec("vs-a"));
        var changed = spec("vs-a").withUserData("#cloud-config\nruncmd: [[echo, v2]]\n".getBytes(StandardCharsets.UTF_8));

        var dry = lc.up(changed, new Convergence.UpOptions(true, false, Convergence.InstanceIdPolicy.STABLE));
        assertThat(dry.outcome()).isEqualTo(Lifecycle.UpResult.Outcome.WOULD_CHANGE);
        assertThat(dry.changes()).extracting(Convergence.Change::field).containsExactly("user_data");
        assertThat(dry.changes().get(0).inPlace()).isTrue();
        assertThat(userDataOnDrive()).as("a dry run writes nothing").doesNotContain("v2");

        var up = lc.up(changed, Convergence.UpOptions.DEFAULT);
        assertThat(up.outcome()).isEqualTo(Lifecycle.UpResult.Outcome.UPDATED);
        assertThat(userDataOnDrive()).contains("echo, v2");
        assertThat(metaData()).contains(record.uuid().toString());
        assertThat(hv.driveReloads(n)).as("the running guest's cdrom read the new drive").isEqualTo(1);
        assertThat(hv.state(n)).contains(MachineState.RUNNING);
        assertThat(lc.up(changed, Convergence.UpOptions.DEFAULT).outcome())
                .isEqualTo(Lifecycle.UpResult.Outcome.UNCHANGED);
    }

    @Test
    void aNewInstanceIdIsGivenOnlyWhenAskedFor() {
        var lc = lifecycle();
        var record = lc.up(spec("vs-a"));
        var changed = spec("vs-a").withUserData("#cloud-config\nhostname: x\n".getBytes(StandardCharsets.UTF_8));
        lc.up(changed, new Convergence.UpOptions(false, false, Convergence.InstanceIdPolicy.NEW));
        assertThat(metaData()).doesNotContain(record.uuid().toString());
        assertThat(lc.show(InstanceName.of("vs-a")).record().uuid()).as("the guest is the same").isEqualTo(record.uuid());
    }

    @Test
    void whatShapedTheGuestNeedsRecreateAndIsRefusedOtherwiseChangingNothing() throws IOException {
        var lc = lifecycle();
        InstanceName n = InstanceName.of("vs-a");
        var record = lc.up(spec("vs-a"));
        var bigger = spec("vs-a").toBuilder().memory(io.virtseed.core.value.MemorySize.ofMiB(2048)).cpus(3).build()
                .withUserData("#cloud-config\nruncmd: [[echo, v3]]\n".getBytes(StandardCharsets.UTF_8));
        byte[] drive = Files.readAllBytes(store.dir(n).resolve("disk.config"));

        assertThatThrownBy(() -> lc.up(bigger, Convergence.UpOptions.DEFAULT))
                .isInstanceOf(io.virtseed.core.error.SpecException.class)
                .hasMessageContaining("cpus: 1 -> 3").hasMessageContaining("memory: ")
                .hasMessageContaining("--recreate").hasMessageNotContaining("user_data");
        assertThat(Files.readAllBytes(store.dir(n).resolve("disk.config"))).isEqualTo(drive);
        assertThat(hv.definition(n).orElseThrow().memory()).isNotEqualTo(io.virtseed.core.value.MemorySize.ofMiB(2048));

        var again = lc.up(bigger, new Convergence.UpOptions(false, true, Convergence.InstanceIdPolicy.STABLE));
        assertThat(again.outcome()).isEqualTo(Lifecycle.UpResult.Outcome.RECREATED);
        assertThat(again.changes()).extracting(Convergence.Change::field).contains("cpus", "memory", "user_data");
        assertThat(again.record().orElseThrow().uuid()).as("a new guest").isNotEqualTo(record.uuid());
        assertThat(hv.definition(n).orElseThrow().memory()).isEqualTo(io.virtseed.core.value.MemorySize.ofMiB(2048));
        assertThat(lc.up(bigger, Convergence.UpOptions.DEFAULT).outcome())
                .isEqualTo(Lifecycle.UpResult.Outcome.UNCHANGED);
    }

    @Test
    void aDryRunOfAnInstanceThatDoesNotExistMakesNothing() {
        var lc = lifecycle();
        var r = lc.up(spec("vs-a"), new Convergence.UpOptions(true, false, Convergence.InstanceIdPolicy.STABLE));
        assertThat(r.outcome()).isEqualTo(Lifecycle.UpResult.Outcome.WOULD_CREATE);
        assertThat(store.dir(InstanceName.of("vs-a"))).doesNotExist();
        assertThat(hv.owned()).isEmpty();
    }

    @Test
    void rebootNeedsARunningGuestAndSaysHowToStartIt() {
        var lc = lifecycle();
        InstanceName n = InstanceName.of("vs-a");
        assertThatThrownBy(() -> lc.reboot(n)).isInstanceOf(io.virtseed.core.error.NotFoundException.class);
        lc.up(spec("vs-a"));
        lc.reboot(n);
        assertThat(hv.reboots(n)).isEqualTo(1);
        lc.stop(n, true);
        assertThatThrownBy(() -> lc.reboot(n)).hasMessageContaining("it is shutoff, not running")
                .hasMessageContaining("virtseed start vs-a");
        assertThat(hv.reboots(n)).isEqualTo(1);
    }

    @Test
    void theConsoleReachesTheGuestOnlyWhileItRuns() {
        var lc = lifecycle();
        InstanceName n = InstanceName.of("vs-a");
        lc.up(spec("vs-a"));
        try (var console = lc.console(n, false)) {
            console.write("hello\n".getBytes(StandardCharsets.UTF_8), 0, 6);
            byte[] buf = new byte[16];
            int got = console.read(buf);
            assertThat(new String(buf, 0, got, StandardCharsets.UTF_8)).isEqualTo("hello\n");
            lc.stop(n, true);
            assertThat(console.read(buf)).as("a stopped guest closes its console").isEqualTo(-1);
        }
        assertThatThrownBy(() -> lc.console(n, false)).hasMessageContaining("it is shutoff")
                .hasMessageContaining("virtseed start vs-a");
    }

    @Test
    void lsAndShowSayWhyAGuestStoppedAndTheLastRecordedEvent() {
        var lc = lifecycle();
        InstanceName a = InstanceName.of("vs-a");
        InstanceName b = InstanceName.of("vs-b");
        lc.up(spec("vs-a"));
        lc.up(spec("vs-b"));
        hv.powerOff(a); // the guest shut itself down
        hv.crash(b);
        assertThat(lc.list()).extracting(v -> v.record().name() + " " + v.stateText() + " " + v.reason())
                .containsExactly("vs-a shutoff shutdown", "vs-b shutoff crashed");

        var journal = new io.virtseed.core.state.EventJournal(store.dir(b));
        journal.append(new io.virtseed.core.ports.MachineEvent(b, java.time.Instant.parse("2026-12-03T10:00:00Z"),
                "crashed", "panicked"));
        assertThat(lc.show(b).lastEvent()).hasValueSatisfying(e -> assertThat(e.text()).isEqualTo("crashed (panicked)"));
        assertThat(lc.show(a).lastEvent()).isEmpty();
        lc.down(b);
        assertThat(store.dir(b)).doesNotExist();
    }

    @Test
    void upCreatesEverythingAndDownRemovesEverything() throws Exception {
        var lc = lifecycle();
        var record = lc.up(spec("vs-a"));
        InstanceName n = InstanceName.of("vs-a");
        Path dir = store.dir(n);
        assertThat(dir.resolve("disk.qcow2")).exists();
        assertThat(dir.resolve("disk.config")).exists();
        assertThat(lc.show(n).record().phase()).isEqualTo(io.virtseed.core.state.Phase.CREATED);
        assertThat(hv.state(n)).contains(MachineState.RUNNING);
        var def = hv.definition(n).orElseThrow();
        assertThat(def.uuid()).isEqualTo(record.uuid());
        assertThat(def.kvm()).isFalse();
        assertThat(def.boot().orElseThrow().kernel()).isEqualTo(state.resolve("images/img/vmlinuz"));
        assertThat(def.configDrive().orElseThrow().format()).isEqualTo(DriveFormat.ISO9660);
        assertThat(drives.label).isEqualTo("config-2");
        assertThat(drives.last.contains("openstack/latest/meta_data.json")).isTrue();
        assertThat(new String(drives.last.get("openstack/latest/meta_data.json").orElseThrow(), StandardCharsets.UTF_8))
                .contains(record.uuid().toString());
        // the overlay is written in process: a qcow2 naming the stored image as its backing file
        String overlay = new String(Files.readAllBytes(dir.resolve("disk.qcow2")), StandardCharsets.ISO_8859_1);
        assertThat(overlay).startsWith("QFI\u00fb").contains(state.resolve("images/img").toString());
        assertThat(runner.argvs()).noneMatch(a -> a.contains("qemu-img"));

        lc.down(n);
        assertThat(dir).doesNotExist();
        assertThat(hv.owned()).isEmpty();
    }

    @Test
    void listAsksTheHypervisorOnceForAllAndNotAtAllWithoutInstances() {
        var lc = lifecycle();
        hv.failOn("states"); // any question to the hypervisor would throw
        assertThat(lc.list()).isEmpty();

        hv.clearFailures();
        lc.up(spec("vs-a"));
        lc.up(spec("vs-b"));
        lc.stop(InstanceName.of("vs-b"), true);
        hv.failOn("state"); // one bulk question, not one per instance
        assertThat(lc.list()).extracting(v -> v.record().name() + " " + v.state().orElseThrow())
                .containsExactly("vs-a RUNNING", "vs-b SHUTOFF");
    }

    /** The step lines of a clean down. */
    private List<String> downSteps() {
        var lc = lifecycle();
        lc.up(spec("vs-steps"));
        seen.clear();
        lc.down(InstanceName.of("vs-steps"));
        return List.copyOf(seen);
    }

    @Test
    void aDownStoppedDeadAtAnyStepIsFinishedByDownOrMadeAnewByUp() {
        List<String> steps = downSteps();
        assertThat(steps).contains("undo start domain", "undo define domain", "undo create instance folder");
        InstanceName n = InstanceName.of("vs-k");
        for (String step : steps) {
            for (boolean thenUp : List.of(false, true)) {
                var lc = lifecycle();
                lc.up(spec("vs-k"));
                killAt = step;
                assertThatThrownBy(() -> lc.down(n)).as(step).isInstanceOf(AssertionError.class);
                killAt = null;
                if (thenUp) {
                    var again = lc.up(spec("vs-k"));
                    assertThat(again.phase()).as("up after down killed at " + step).isEqualTo(io.virtseed.core.state.Phase.CREATED);
                    assertThat(hv.state(n)).as("up after down killed at " + step).contains(MachineState.RUNNING);
                }
                lc.down(n);
                assertThat(store.dir(n)).as("after " + step).doesNotExist();
                assertThat(hv.owned()).as("after " + step).isEmpty();
            }
        }
    }

    /**
     * What a kill -9 of {@code up} right before its step {@code k} leaves: the steps before it
     * applied and none undone. With {@code powerLoss} the host lost power too, before "sync
     * instance files" ran: every file up wrote without an fsync is emptied (what ext4 can leave
     * of a renamed file whose data never reached the disk). The record is synced as it is written.
     */
    private void upStoppedDeadBefore(int k, boolean powerLoss) throws IOException {
        InstanceSpec s = spec("vs-k");
        var base = images.resolve(s.image());
        var networks = new Networks(store, new NetworkStore(state), net, new Ipam(new java.util.Random(7)),
                java.time.Clock.systemUTC(), Provisioner.Listener.NONE);
        var steps = new InstanceSteps(store, images, hv, drives, networks, io.virtseed.core.ports.MetadataService.NONE);
        var r = new io.virtseed.core.state.InstanceRecord(io.virtseed.core.state.InstanceRecord.CURRENT_VERSION,
                s.name().value(), java.util.UUID.randomUUID(), s.image().text(), s.hostname(), s.datasource(),
                s.machine(), io.virtseed.core.state.Accelerator.TCG, io.virtseed.core.state.Phase.CREATING,
                java.time.Instant.now(), List.of());
        var all = steps.steps(s.name(), Optional.of(r),
                Optional.of(new InstanceSteps.Creation(s, base, s.boot().or(base::boot))));
        new Provisioner(Provisioner.Listener.NONE).apply(all.subList(0, k));
        if (!powerLoss) {
            return;
        }
        try (Stream<Path> files = Files.list(store.dir(s.name()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals("instance.json")) {
                    Files.write(f, new byte[0]);
                }
            }
        }
    }

    @Test
    void anUpStoppedDeadBeforeAnyStepPowerLossOrNotIsClearedByTheNextUpDownOrReap() throws IOException {
        var lc = lifecycle();
        lc.up(spec("vs-steps"));
        lc.down(InstanceName.of("vs-steps"));
        List<String> steps = seen.stream().takeWhile(st -> !st.startsWith("undo ")).toList();
        assertThat(steps).endsWith("write config drive", "sync instance files", "define domain", "start domain",
                "mark created");
        int synced = steps.indexOf("sync instance files") + 1;
        InstanceName n = InstanceName.of("vs-k");
        for (int k = 1; k < steps.size(); k++) {
            for (boolean powerLoss : k < synced ? List.of(false, true) : List.of(false)) {
                for (String next : List.of("up", "down", "reap")) {
                    String where = "stopped before '" + steps.get(k) + "'" + (powerLoss ? ", power lost" : "")
                            + ", then " + next;
                    upStoppedDeadBefore(k, powerLoss);
                    switch (next) {
                        case "up" -> {
                            assertThat(lc.up(spec("vs-k")).phase()).as(where)
                                    .isEqualTo(io.virtseed.core.state.Phase.CREATED);
                            assertThat(hv.state(n)).as(where).contains(MachineState.RUNNING);
                            assertThat(io.virtseed.core.metadata.MetadataFile.read(store.dir(n))).as(where).isPresent();
                            assertThat(new io.virtseed.core.ssh.SshFiles(store.dir(n)).publicKeyLine()).as(where)
                                    .isPresent();
                            lc.down(n);
                        }
                        case "down" -> lc.down(n);
                        default -> assertThat(lc.reap(false)).as(where).extracting(l -> l.name() + " " + l.ours())
                                .containsExactly("vs-k true");
                    }
                    assertThat(store.dir(n)).as(where).doesNotExist();
                    assertThat(hv.owned()).as(where).isEmpty();
                }
            }
        }
    }

    /** Its folder removed by hand, the guest still running: up removes that guest at the define step and makes it again. */
    @Test
    void aGuestOfOursLeftWithoutItsFolderIsRemovedAndMadeAgain() {
        var lc = lifecycle();
        var first = lc.up(spec("vs-orphan"));
        store.deleteDir(InstanceName.of("vs-orphan"));
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        io.virtseed.core.state.InstanceRecord again;
        try (AutoCloseable watching = hv.watch(e -> events.add(e.event()))) {
            again = lc.up(spec("vs-orphan"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // the old guest stopped and went before the new one was defined and booted
        assertThat(events).containsSubsequence("stopped", "undefined", "defined", "started");
        assertThat(again.uuid()).isNotEqualTo(first.uuid());
        assertThat(hv.owned()).containsExactly(InstanceName.of("vs-orphan"));
        assertThat(hv.status(InstanceName.of("vs-orphan")).orElseThrow().state()).isEqualTo(MachineState.RUNNING);
        assertThat(lc.show(InstanceName.of("vs-orphan")).record().uuid()).isEqualTo(again.uuid());
    }

    @Test
    void reapFindsWhatInterruptedRunsLeftAndRemovesOnlyThat() {
        var lc = lifecycle();
        lc.up(spec("vs-keep"));
        var crashed = lc.up(spec("vs-crash"));
        store.save(crashed.withPhase(io.virtseed.core.state.Phase.CREATING)); // killed before "mark created"
        lc.up(spec("vs-orphan"));
        store.deleteDir(InstanceName.of("vs-orphan")); // its folder gone, its guest still defined
        store.createDir(InstanceName.of("vs-empty")); // killed right after making the folder

        var dry = lc.reap(true);
        assertThat(dry).extracting(l -> l.name()).containsExactly("vs-crash", "vs-empty", "vs-orphan");
        assertThat(dry.get(0).why()).contains("interrupted up (phase creating)");
        assertThat(dry.get(1).why()).contains("no record");
        assertThat(dry.get(2).why()).contains("guest with no finished instance record");
        assertThat(hv.owned()).as("a dry run changes nothing").hasSize(3);
        assertThat(store.dir(InstanceName.of("vs-empty"))).exists();

        assertThat(lc.reap(false)).hasSize(3);
        assertThat(hv.owned()).containsExactly(InstanceName.of("vs-keep"));
        assertThat(store.dir(InstanceName.of("vs-crash"))).doesNotExist();
        assertThat(store.dir(InstanceName.of("vs-empty"))).doesNotExist();
        assertThat(lc.show(InstanceName.of("vs-keep")).record().phase()).isEqualTo(io.virtseed.core.state.Phase.CREATED);
        assertThat(lc.reap(false)).as("nothing is left to reap").isEmpty();
    }

    @Test
    void reapRemovesNetworkObjectsMarkedWithThisStateFolderThatNoRecordOwnsAndLeavesOthersAlone() throws IOException {
        var lc = lifecycle();
        var nets = new Networks(store, new NetworkStore(state), net, new Ipam(new java.util.Random(7)),
                java.time.Clock.systemUTC(), s -> { });
        NetworkRecord kept = nets.create(io.virtseed.core.spec.NetworkSpec.of("vs-kept",
                io.virtseed.core.value.Ipv4Cidr.parse("10.77.1.0/24"), io.virtseed.core.spec.NetworkMode.ISOLATED),
                Optional.empty());
        Path elsewhere = state.resolveSibling(state.getFileName() + "-other");
        net.withHostObject("namespace", "vs-aaaaaa", "aaaaaa", state) // an interrupted net create of ours
                .withHostObject("link", "vs-aaaaaa-h", "aaaaaa", state)
                .withHostObject("namespace", "vs-bbbbbb", "bbbbbb", elsewhere) // another state folder's
                .withHostObject("link", "vs-cccccc", "cccccc", null); // no mark: maybe another tool's
        Files.createDirectories(state.resolve("networks/vs-half")); // folder of a net rm killed halfway

        var dry = lc.reap(true);
        assertThat(dry).extracting(l -> l.kind() + " " + l.ours()).containsExactlyInAnyOrder("namespace true",
                "link true", "namespace false", "link false", "network folder true");
        assertThat(dry).filteredOn(l -> !l.ours()).extracting(l -> l.why()).allMatch(w -> w.startsWith("not ours, left alone"));
        assertThat(net.hostObjects(state)).as("a dry run changes nothing").hasSize(6);

        lc.reap(false);
        assertThat(net.hostObjects(state)).extracting(o -> o.name()).containsExactlyInAnyOrder("vs-" + kept.id(),
                "vs-" + kept.id(), "vs-bbbbbb", "vs-cccccc");
        assertThat(net.isUp("vs-kept")).isTrue();
        assertThat(state.resolve("networks/vs-half")).doesNotExist();
        assertThat(state.resolve("networks/vs-kept/network.json")).exists();
        assertThat(lc.reap(false)).as("only what is not ours is still listed").extracting(l -> l.ours())
                .containsOnly(false);
        assertThat(net.hostObjects(elsewhere)).filteredOn(o -> o.owner() == io.virtseed.core.ports.HostObject.Owner.THIS_STATE)
                .extracting(o -> o.name()).containsExactly("vs-bbbbbb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"create instance folder", "record instance", "make ssh key", "copy boot files",
        "create root disk",
        "save metadata", "write config drive", "sync instance files", "define domain", "start domain", "mark created"})
    void aFailureAtAnyStepLeavesNothingBehind(String step) throws IOException {
        failAt = step;
        assertThatThrownBy(() -> lifecycle().up(spec("vs-b")))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("step '" + step + "' failed");
        assertNothingLeft();
    }

    @Test
    void aFolderThatCannotBeSyncedFailsTheUpBeforeTheGuestStartsAndIsRolledBack() throws IOException {
        InstanceName n = InstanceName.of("vs-s");
        breakAt = "sync instance files";
        breakWith = () -> store.deleteDir(n); // the sync finds no folder: as a disk that fails it
        hv.failOn("start"); // a start that came anyway would fail with the fake's message instead
        assertThatThrownBy(() -> lifecycle().up(spec("vs-s"))).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("step 'start domain' failed")
                .hasMessageContaining("cannot sync the instance folder");
        assertThat(seen).as("define went on meanwhile").contains("define domain").doesNotContain("mark created");
        assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"define", "start"})
    void aHypervisorFailureInsideAStepIsRolledBack(String op) throws IOException {
        hv.failOn(op);
        assertThatThrownBy(() -> lifecycle().up(spec("vs-c"))).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("injected failure in " + op);
        assertNothingLeft();
    }

    @Test
    void missingImageIsAUsageErrorAndCreatesNothing() throws IOException {
        assertThatThrownBy(() -> lifecycle().up(InstanceSpec.defaults("vs-d", "no-such-image")))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("no image named 'no-such-image'")
                .satisfies(e -> assertThat(((SpecException) e).isUsageError()).isTrue());
        assertNothingLeft();
    }

    @Test
    void uefiWhereTheHostHasNoUefiFirmwareIsAUsageErrorNamingTheFix() throws IOException {
        var uefi = spec("vs-u").toBuilder().firmware(io.virtseed.core.spec.Firmware.UEFI).build();
        assertThatThrownBy(() -> lifecycle().up(uefi))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("firmware: uefi").hasMessageContaining("no UEFI firmware")
                .hasMessageContaining("apt-get install ovmf")
                .satisfies(e -> assertThat(((SpecException) e).isUsageError()).isTrue())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertNothingLeft();
    }

    @Test
    void uefiGuestsGetTheirOwnVariableStoreInTheInstanceFolder() {
        hv.withUefi(true);
        var uefi = spec("vs-u").toBuilder().firmware(io.virtseed.core.spec.Firmware.UEFI).build();
        lifecycle().up(uefi);
        var req = hv.definition(uefi.name()).orElseThrow();
        assertThat(req.uefiVars()).contains(store.instancesDir().resolve("vs-u").resolve("uefi-vars.fd"));
        lifecycle().up(spec("vs-b"));
        assertThat(hv.definition(spec("vs-b").name()).orElseThrow().uefiVars()).isEmpty();
    }

    @Test
    void httpDatasourcesWithoutANicAreRefusedBeforeAnythingIsMade() throws IOException {
        for (var ds : List.of(io.virtseed.core.spec.Datasource.METADATA, io.virtseed.core.spec.Datasource.BOTH)) {
            assertThatThrownBy(() -> lifecycle().up(spec("vs-m").withDatasource(ds)))
                    .isInstanceOf(SpecException.class).hasMessageContaining("has no NIC");
        }
        assertNothingLeft();
    }

    @Test
    void upAgainConvergesAndStartsAStoppedGuest() {
        var lc = lifecycle();
        var first = lc.up(spec("vs-e"));
        hv.powerOff(InstanceName.of("vs-e"));
        var again = lc.up(spec("vs-e"));
        assertThat(again.uuid()).isEqualTo(first.uuid());
        assertThat(hv.state(InstanceName.of("vs-e"))).contains(MachineState.RUNNING);
        lc.down(InstanceName.of("vs-e"));
    }

    @Test
    void specBootFilesAreCopiedWhereTheHypervisorCanReadThem() throws IOException {
        Path kernel = Files.writeString(state.resolve("my-kernel"), "k");
        var s = spec("vs-f").withBoot(Optional.of(new BootSpec(kernel, Optional.empty(), "console=ttyS0")))
                .withMachine(MachineType.Q35);
        var lc = lifecycle();
        lc.up(s);
        var def = hv.definition(InstanceName.of("vs-f")).orElseThrow();
        Path copied = def.boot().orElseThrow().kernel();
        assertThat(copied).isEqualTo(store.dir(InstanceName.of("vs-f")).resolve("vmlinuz")).hasContent("k");
        // private like the disks: libvirt's DAC driver relabels it for QEMU at start
        assertThat(Files.getPosixFilePermissions(copied)).isEqualTo(AtomicFiles.PRIVATE);
        lc.down(InstanceName.of("vs-f"));
    }

    @Test
    void waitReadyReturnsTheFinalLineOrExplainsWithTheConsoleTail() throws IOException {
        var lc = lifecycle();
        lc.up(spec("vs-g"));
        InstanceName n = InstanceName.of("vs-g");
        Path console = store.dir(n).resolve("console.log");
        Files.writeString(console, "booting\nCloud-init v. 22.4.2 finished at Sun, 22 Nov 2026. Datasource DataSourceConfigDrive\n");
        assertThat(lc.waitReady(n, Duration.ofSeconds(5), ConsoleWatcher.CLOUD_INIT_FINISHED))
                .startsWith("console marker at ").contains(": Cloud-init v. 22.4.2 finished at");

        lc.up(spec("vs-h"));
        InstanceName h = InstanceName.of("vs-h");
        Files.writeString(store.dir(h).resolve("console.log"), "Kernel panic - not syncing\n");
        hv.powerOff(h);
        assertThatThrownBy(() -> lc.waitReady(h, Duration.ofSeconds(5), ConsoleWatcher.CLOUD_INIT_FINISHED))
                .hasMessageContaining("the guest stopped before cloud-init finished").hasMessageContaining("shutoff (shutdown)")
                .hasMessageContaining("Kernel panic");
        lc.down(n);
        lc.down(h);
    }

    private void assertNothingLeft() throws IOException {
        assertThat(hv.owned()).isEmpty();
        Path instances = store.instancesDir();
        if (Files.exists(instances)) {
            try (Stream<Path> s = Files.list(instances)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }
}
