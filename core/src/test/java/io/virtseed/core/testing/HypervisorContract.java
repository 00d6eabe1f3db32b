package io.virtseed.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Hypervisor} must do, run against the in-memory fake and against libvirt,
 * so the fake the unit tests lean on cannot drift from the real thing.
 */
public abstract class HypervisorContract {

    protected static final InstanceName NAME = InstanceName.of("vs-contract");

    /** The hypervisor under test; the same instance for the whole test. */
    protected abstract Hypervisor hypervisor();

    protected MachineRequest request(InstanceName name) {
        Path dir = Path.of("/tmp/vs-contract");
        return new MachineRequest(name, UUID.nameUUIDFromBytes(name.value().getBytes()), 1, MemorySize.ofMiB(128),
                MachineType.PC, false, dir.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(dir.resolve("disk.config"), DriveFormat.ISO9660)),
                dir.resolve("console.log"), Optional.empty(), List.of());
    }

    @AfterEach
    void removeWhatTheTestMade() {
        hypervisor().destroy(NAME);
        hypervisor().undefine(NAME);
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
}
