package io.virtseed.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Hypervisor} must do, run against the in-memory fake, libvirt's test driver
 * and a real libvirtd, so the fake the unit tests lean on cannot drift from the real thing.
 */
public abstract class HypervisorContract {

    protected static final InstanceName NAME = InstanceName.of("vs-contract");
    /** The state folder {@link #hypervisor()} owns. */
    protected static final Path ROOT = Path.of("/tmp/vs-contract/state");
    /** The state folder {@link #otherStateFolder()} owns. */
    protected static final Path OTHER_ROOT = Path.of("/tmp/vs-contract/other-state");

    /** The hypervisor under test, owning {@link #ROOT}; the same instance for the whole test. */
    protected abstract Hypervisor hypervisor();

    /** The same host seen by a virtseed with the state folder {@link #OTHER_ROOT}. */
    protected abstract Hypervisor otherStateFolder();

    /** A guest the hypervisor under test can define and start; override where files must be real. */
    protected MachineRequest request(InstanceName name) {
        Path dir = Path.of("/tmp/vs-contract");
        return new MachineRequest(name, UUID.nameUUIDFromBytes(name.value().getBytes()), 1, MemorySize.ofMiB(128),
                MachineType.PC, false, dir.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(dir.resolve("disk.config"), DriveFormat.ISO9660)),
                dir.resolve("console.log"), Optional.empty(), List.of());
    }

    @AfterEach
    void removeWhatTheTestMade() {
        for (Hypervisor hv : List.of(hypervisor(), otherStateFolder())) {
            hv.destroy(NAME);
            hv.undefine(NAME);
            hv.destroy(NAME); // a guest undefined while running lives on until it stops
        }
    }

    @Test
    void defineStartStopRemoveLifecycle() {
        Hypervisor hv = hypervisor();
        assertThat(hv.state(NAME)).isEmpty();
        hv.define(request(NAME));
        assertThat(hv.state(NAME)).contains(MachineState.SHUTOFF);
        assertThat(hv.owned()).contains(NAME);
        hv.start(NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        hv.start(NAME); // starting a running guest succeeds
        hv.destroy(NAME);
        assertThat(hv.state(NAME)).contains(MachineState.SHUTOFF);
        hv.undefine(NAME);
        assertThat(hv.state(NAME)).isEmpty();
        assertThat(hv.owned()).doesNotContain(NAME);
    }

    @Test
    void removingWhatIsGoneSucceeds() {
        Hypervisor hv = hypervisor();
        hv.destroy(NAME);
        hv.undefine(NAME);
        hv.shutdown(NAME);
        assertThat(hv.state(NAME)).isEmpty();
    }

    @Test
    void startingAMissingGuestSaysItIsNotFound() {
        assertThatThrownBy(() -> hypervisor().start(NAME)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void redefiningOurGuestKeepsOneGuest() {
        Hypervisor hv = hypervisor();
        hv.define(request(NAME));
        hv.define(request(NAME));
        assertThat(hv.owned().stream().filter(NAME::equals)).hasSize(1);
    }

    @Test
    void undefiningARunningGuestLeavesItRunningUntilItStops() {
        Hypervisor hv = hypervisor();
        hv.define(request(NAME));
        hv.start(NAME);
        hv.undefine(NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        assertThat(hv.owned()).contains(NAME);
        hv.destroy(NAME);
        assertThat(hv.state(NAME)).isEmpty();
        assertThat(hv.owned()).doesNotContain(NAME);
    }

    @Test
    void anotherStateFoldersGuestIsInvisibleAndUntouchable() {
        Hypervisor mine = hypervisor();
        Hypervisor theirs = otherStateFolder();
        mine.define(request(NAME));
        mine.start(NAME);

        assertThat(theirs.state(NAME)).isEmpty();
        assertThat(theirs.owned()).doesNotContain(NAME);
        assertThatCode(() -> {
            theirs.shutdown(NAME);
            theirs.destroy(NAME);
            theirs.undefine(NAME);
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> theirs.start(NAME)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> theirs.define(request(NAME))).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("state folder");

        assertThat(mine.state(NAME)).contains(MachineState.RUNNING);
        assertThat(mine.owned()).contains(NAME);
    }

    @Test
    void statesAnswersForTheNamedGuestsOfOursOnly() {
        Hypervisor mine = hypervisor();
        InstanceName absent = InstanceName.of("vs-contract-absent");
        assertThat(mine.states(Set.of())).isEmpty();
        mine.define(request(NAME));

        assertThat(mine.states(Set.of(NAME, absent))).containsOnlyKeys(NAME);
        assertThat(mine.states(Set.of(NAME)).get(NAME).state()).isEqualTo(MachineState.SHUTOFF);
        mine.start(NAME);
        assertThat(mine.states(Set.of(NAME, absent))).containsExactly(
                Map.entry(NAME, new MachineStatus(MachineState.RUNNING, "booted")))
                .containsEntry(NAME, mine.status(NAME).orElseThrow());
        assertThat(mine.states(Set.of(absent))).isEmpty();
        assertThat(otherStateFolder().states(Set.of(NAME, absent))).isEmpty();
    }

    @Test
    void theReasonSaysWhoStoppedTheGuest() {
        Hypervisor hv = hypervisor();
        hv.define(request(NAME));
        hv.start(NAME);
        assertThat(hv.status(NAME)).contains(new MachineStatus(MachineState.RUNNING, "booted"));
        hv.destroy(NAME);
        assertThat(hv.status(NAME)).contains(new MachineStatus(MachineState.SHUTOFF, "destroyed"));
        assertThat(hv.status(NAME).orElseThrow().text()).isEqualTo("shutoff (destroyed)");
    }

    @Test
    void aStoppedGuestReadsARebuiltDriveAtItsNextStart() {
        Hypervisor hv = hypervisor();
        Path drive = Path.of("/tmp/vs-contract/disk.config");
        assertThatThrownBy(() -> hv.reloadDrive(NAME, drive)).isInstanceOf(NotFoundException.class);
        hv.define(request(NAME));
        assertThat(hv.reloadDrive(NAME, drive)).isTrue();
        assertThatThrownBy(() -> otherStateFolder().reloadDrive(NAME, drive)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rebootKeepsARunningGuestRunningAndRefusesOthers() {
        Hypervisor hv = hypervisor();
        assertThatThrownBy(() -> hv.reboot(NAME)).isInstanceOf(NotFoundException.class);
        hv.define(request(NAME));
        assertThatThrownBy(() -> hv.reboot(NAME)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("not running");
        hv.start(NAME);
        hv.reboot(NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        assertThatThrownBy(() -> otherStateFolder().reboot(NAME)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void watchersHearTheirOwnGuestsChangesOnly() throws Exception {
        Hypervisor hv = hypervisor();
        List<MachineEvent> mine = new CopyOnWriteArrayList<>();
        List<MachineEvent> theirs = new CopyOnWriteArrayList<>();
        try (AutoCloseable w1 = hv.watch(mine::add); AutoCloseable w2 = otherStateFolder().watch(theirs::add)) {
            hv.define(request(NAME));
            hv.start(NAME);
            hv.destroy(NAME);
            awaitEvent(mine, "stopped (destroyed)");
            assertThat(mine).extracting(MachineEvent::text).containsSubsequence("started (booted)",
                    "stopped (destroyed)");
            assertThat(mine).allSatisfy(e -> assertThat(e.name()).isEqualTo(NAME));
            assertThat(theirs).isEmpty();
        }
        int heard = mine.size();
        hv.start(NAME);
        hv.destroy(NAME);
        Thread.sleep(300);
        assertThat(mine).as("nothing is heard once the watch is closed").hasSize(heard);
    }

    @Test
    void aConsoleNeedsARunningGuestOfOurs() {
        Hypervisor hv = hypervisor();
        assertThatThrownBy(() -> hv.openConsole(NAME, false)).isInstanceOf(NotFoundException.class);
        hv.define(request(NAME));
        assertThatThrownBy(() -> hv.openConsole(NAME, false)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("not running");
        hv.start(NAME);
        assertThatThrownBy(() -> otherStateFolder().openConsole(NAME, false)).isInstanceOf(NotFoundException.class);
    }

    /**
     * One client at a time: a second is refused unless it forces, which ends the first one's
     * session. Drivers without consoles (libvirt's test driver) override this to assert the refusal.
     */
    @Test
    protected void aSecondConsoleClientIsRefusedUnlessItForces() {
        Hypervisor hv = hypervisor();
        hv.define(request(NAME));
        hv.start(NAME);
        try (GuestConsole first = hv.openConsole(NAME, false)) {
            assertThatThrownBy(() -> hv.openConsole(NAME, false)).isInstanceOf(HypervisorException.class);
            try (GuestConsole second = hv.openConsole(NAME, true)) {
                assertThat(first.read(new byte[64])).as("the first session ends").isEqualTo(-1);
                second.write("x".getBytes(), 0, 1);
            }
        }
    }

    private static void awaitEvent(List<MachineEvent> events, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (events.stream().noneMatch(e -> e.text().equals(text)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).extracting(MachineEvent::text).contains(text);
    }
}
