package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.Accel;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.ports.MetadataService;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.testing.FakeNetworks;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollback of {@code up} when the hypervisor fails inside a step, after doing part of its work. */
class RollbackTest {

    private static final InstanceName NAME = InstanceName.of("vs-r");

    @TempDir
    Path state;

    private FakeHypervisor hv;
    private InstanceStore store;
    private Lifecycle lc;
    private String errorAt;
    private String breakDestroyAt;

    @BeforeEach
    void setUp() throws IOException {
        hv = new FakeHypervisor(state);
        store = new InstanceStore(state);
        FakeImageTool.storeImage(state, false);
        Provisioner.Listener listener = step -> {
            if (step.equals(breakDestroyAt)) {
                hv.failOn("destroy");
            }
            if (step.equals(errorAt)) {
                throw new AssertionError("an Error at " + step);
            }
        };
        var networks = new Networks(store, new NetworkStore(state), new FakeNetworks(), new Ipam(new Random(7)),
                Clock.systemUTC(), listener);
        lc = new Lifecycle(store, new ImageStore(state, FakeImageTool.runner()), hv, new LifecycleTest.DriveSpy(),
                networks, MetadataService.NONE, listener);
    }

    private static InstanceSpec spec() {
        return InstanceSpec.defaults(NAME.value(), "img").withUserData("#cloud-config\n".getBytes(StandardCharsets.UTF_8));
    }

    private static InstanceSpec kvmSpec() {
        InstanceSpec s = spec();
        return new InstanceSpec(s.name(), s.image(), s.cpus(), s.memory(), s.disk(), s.machine(), Accel.KVM, s.boot(),
                s.hostname(), s.sshKeys(), s.password(), s.meta(), s.files(), s.userData(), s.vendorData(),
                s.datasource(), s.networks(), s.firmware(), s.uuid());
    }

    @Test
    void aGuestThatCannotBeStoppedKeepsItsDisksAndTheErrorSaysHowToFinish() throws IOException {
        hv.failAfter("start"); // started, then the call failed
        breakDestroyAt = "start domain"; // and from then on it cannot be stopped
        assertThatThrownBy(() -> lc.up(spec())).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("step 'start domain' failed: injected failure after start")
                .hasMessageContaining("rollback stopped after undo of 'start domain' failed")
                .hasMessageContaining("left in place: define domain, sync instance files, write config drive, ").hasMessageContaining("create root disk")
                .hasMessageEndingWith("finish with: virtseed --state-dir " + state + " down " + NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        assertThat(store.dir(NAME).resolve("disk.qcow2")).exists();

        hv.clearFailures();
        lc.down(NAME); // the command the error named
        assertThat(hv.owned()).isEmpty();
        assertThat(store.dir(NAME)).doesNotExist();
    }

    @Test
    void aDomainDefinedBeforeTheCallFailedIsUndefined() throws IOException {
        hv.failAfter("define");
        assertThatThrownBy(() -> lc.up(spec())).hasMessageContaining("injected failure after define");
        assertNothingLeft();
    }

    @Test
    void aGuestStartedBeforeTheCallFailedIsDestroyedAndRemoved() throws IOException {
        hv.failAfter("start");
        assertThatThrownBy(() -> lc.up(spec())).hasMessageContaining("injected failure after start");
        assertNothingLeft();
    }

    @Test
    void anErrorInsideUpStillRollsBack() throws IOException {
        errorAt = "start domain";
        assertThatThrownBy(() -> lc.up(spec())).isInstanceOf(AssertionError.class)
                .hasMessage("an Error at start domain");
        assertNothingLeft();
    }

    @Test
    void kvmOnAHostThatOffersNoneIsRefusedBeforeAnythingIsMade() throws IOException {
        assertThatThrownBy(() -> lc.up(kvmSpec())).isInstanceOf(SpecException.class)
                .hasMessageContaining("accel: kvm, but the connected host offers no KVM");
        assertNothingLeft();
        hv.withKvm(true);
        assertThat(hv.definition(NAME)).isEmpty();
        lc.up(kvmSpec());
        assertThat(hv.definition(NAME).orElseThrow().kvm()).isTrue();
        lc.down(NAME);
    }

    private void assertNothingLeft() throws IOException {
        assertThat(hv.owned()).isEmpty();
        if (Files.exists(store.instancesDir())) {
            try (Stream<Path> s = Files.list(store.instancesDir())) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }
}
