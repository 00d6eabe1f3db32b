package io.virtseed.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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

        assertThat(mine.states(Set.of(NAME, absent))).containsExactly(Map.entry(NAME, MachineState.SHUTOFF));
        mine.start(NAME);
        assertThat(mine.states(Set.of(NAME, absent))).containsExactly(Map.entry(NAME, MachineState.RUNNING))
                .containsEntry(NAME, mine.state(NAME).orElseThrow());
        assertThat(mine.states(Set.of(absent))).isEmpty();
        assertThat(otherStateFolder().states(Set.of(NAME, absent))).isEmpty();
    }
}
