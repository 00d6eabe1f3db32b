package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.image.ImageStore;
import io.virtseed.core.metadata.MetadataTree;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.state.Phase;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.core.testing.FakeNetworks;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.Ipv4Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's instances are made at once: each instance's steps wait at a step until all of them are
 * inside it together, which only happens when they run concurrently (made one after another, the
 * first waits alone and fails). Against the fake hypervisor and network adapter.
 */
class PlanRunTest {

    private static final long BARRIER_SECONDS = 30;
    private static final String NET = "lab";

    @TempDir
    Path state;

    private final FakeHypervisor hv = new FakeHypervisor();
    private final FakeNetworks net = new FakeNetworks();
    /** Per instance, what its step listener does at each step (wait at a barrier, fail). */
    private final Map<InstanceName, StepHook> hooks = new ConcurrentHashMap<>();
    private InstanceStore store;
    private Lifecycle lc;
    private Networks networks;

    @FunctionalInterface
    private interface StepHook {
        void at(String step) throws Exception;
    }

    @BeforeEach
    void setUp() throws IOException {
        store = new InstanceStore(state);
        FakeImageTool.storeImage(state, false);
        Provisioner.Listener listener = new Provisioner.Listener() {
            @Override
            public void stepStarted(String name) {
            }

            @Override
            public Provisioner.Listener forInstance(InstanceName instance) {
                return step -> {
                    StepHook hook = hooks.get(instance);
                    if (hook != null) {
                        try {
                            hook.at(step);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(instance + " at " + step + ": " + e, e);
                        }
                    }
                };
            }
        };
        ConfigDriveWriter writer = (MetadataTree tree, String label, DriveFormat fmt, Path out) ->
                Files.writeString(out, String.join("\n", tree.files().keySet()));
        networks = new Networks(store, new NetworkStore(state), net, new Ipam(new Random(3)), Clock.systemUTC(),
                listener);
        lc = new Lifecycle(store, new ImageStore(state, FakeImageTool.runner()), hv, writer, networks,
                p -> { }, listener);
        networks.create(NetworkSpec.of(NET, Ipv4Cidr.parse("10.77.5.0/24"), NetworkMode.ISOLATED), Optional.empty());
    }

    private static List<InstanceSpec> specs(int n) {
        return IntStream.range(0, n).mapToObj(i -> InstanceSpec.defaults("vs-p" + i, "img")
                .withNetworks(List.of(NicSpec.dhcpOn(NET)))).toList();
    }

    /** Every instance waits at {@code step} until all {@code n} are there; a lone one gives up. */
    private void allMeetAt(List<InstanceSpec> specs, String step) {
        CyclicBarrier barrier = new CyclicBarrier(specs.size());
        for (InstanceSpec s : specs) {
            StepHook previous = hooks.get(s.name());
            hooks.put(s.name(), at -> {
                if (previous != null) {
                    previous.at(at);
                }
                if (at.equals(step)) {
                    barrier.await(BARRIER_SECONDS, TimeUnit.SECONDS);
                }
            });
        }
    }

    @Test
    void thePlansInstancesAreInTheirStepsAtOnceAndEachGetsItsOwnAddress() {
        List<InstanceSpec> specs = specs(5);
        // a step under the instance's lock alone, and one after the network steps (which take the state lock)
        allMeetAt(specs, "create root disk");
        allMeetAt(specs, "start domain");

        List<PlanRun.Outcome> out = new PlanRun(lc, 5).up(specs, Convergence.UpOptions.DEFAULT);

        assertThat(out).allSatisfy(o -> assertThat(o).as(o.toString()).isInstanceOf(PlanRun.Outcome.Done.class));
        assertThat(out.stream().map(PlanRun.Outcome::name)).containsExactlyElementsOf(
                specs.stream().map(InstanceSpec::name).toList());
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (InstanceSpec s : specs) {
            InstanceRecord r = store.find(s.name()).orElseThrow();
            assertThat(r.phase()).isEqualTo(Phase.CREATED);
            assertThat(hv.state(s.name())).contains(MachineState.RUNNING);
            ips.add(r.nics().get(0).ip().orElseThrow().toString());
            macs.add(r.nics().get(0).mac().toString());
        }
        assertThat(ips).hasSize(5);
        assertThat(macs).hasSize(5);
        // and the network serves every reservation
        assertThat(net.served(NET)).hasSize(5);
    }

    @Test
    void oneInstanceFailingRollsBackThatOneAloneAndTheOthersStand() {
        List<InstanceSpec> specs = specs(3);
        allMeetAt(specs, "define domain"); // all three in flight when the middle one fails
        InstanceName failing = specs.get(1).name();
        StepHook meet = hooks.get(failing);
        hooks.put(failing, at -> {
            meet.at(at);
            if (at.equals("start domain")) {
                throw new IllegalStateException("injected failure at start domain");
            }
        });

        List<PlanRun.Outcome> out = new PlanRun(lc, 3).up(specs, Convergence.UpOptions.DEFAULT);

        assertThat(out.get(0)).isInstanceOf(PlanRun.Outcome.Done.class);
        assertThat(out.get(2)).isInstanceOf(PlanRun.Outcome.Done.class);
        assertThat(out.get(1)).isInstanceOfSatisfying(PlanRun.Outcome.Failed.class, f -> {
            assertThat(f.name()).isEqualTo(failing);
            assertThat(f.error()).hasMessageContaining("injected failure at start domain");
        });
        // the failed one is gone: no folder, no guest, no reservation
        assertThat(store.dir(failing)).doesNotExist();
        assertThat(hv.state(failing)).isEmpty();
        assertThat(net.served(NET)).hasSize(2);
        for (InstanceSpec s : List.of(specs.get(0), specs.get(2))) {
            assertThat(store.find(s.name()).orElseThrow().phase()).isEqualTo(Phase.CREATED);
            assertThat(hv.state(s.name())).contains(MachineState.RUNNING);
        }

        // up again converges: the two stand unchanged, the failed one is made now
        hooks.clear();
        List<PlanRun.Outcome> again = new PlanRun(lc, 3).up(specs, Convergence.UpOptions.DEFAULT);
        assertThat(again).extracting(o -> ((PlanRun.Outcome.Done) o).result().outcome()).containsExactly(
                Lifecycle.UpResult.Outcome.UNCHANGED, Lifecycle.UpResult.Outcome.CREATED,
                Lifecycle.UpResult.Outcome.UNCHANGED);
    }

    @Test
    void reapLeavesAnInstanceAloneWhileARunHoldsIt() throws Exception {
        InstanceSpec spec = specs(1).get(0);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        hooks.put(spec.name(), at -> {
            if (at.equals("create root disk")) {
                inside.countDown();
                assertThat(release.await(BARRIER_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
        });
        AtomicReference<Object> result = new AtomicReference<>();
        Thread up = Thread.ofPlatform().start(() -> {
            try {
                result.set(lc.up(spec));
            } catch (RuntimeException | Error e) {
                result.set(e);
            }
        });
        try {
            assertThat(inside.await(BARRIER_SECONDS, TimeUnit.SECONDS)).isTrue();
            // half made (phase creating) but in progress: listed, never removed
            List<Lifecycle.Leftover> found = lc.reap(false);
            assertThat(found).filteredOn(l -> l.name().equals(spec.name().value())).singleElement()
                    .satisfies(l -> {
                        assertThat(l.ours()).isFalse();
                        assertThat(l.why()).contains("holds its lock now");
                    });
            assertThat(store.find(spec.name()).orElseThrow().phase()).isEqualTo(Phase.CREATING);
        } finally {
            release.countDown();
            up.join(TimeUnit.SECONDS.toMillis(BARRIER_SECONDS));
        }
        assertThat(result.get()).isInstanceOf(InstanceRecord.class);
        assertThat(hv.state(spec.name())).contains(MachineState.RUNNING);
        assertThat(lc.reap(true)).isEmpty();
    }

    @Test
    void aPlanOfOneRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        InstanceSpec spec = specs(1).get(0);
        AtomicReference<Thread> ran = new AtomicReference<>();
        hooks.put(spec.name(), at -> ran.set(Thread.currentThread()));
        assertThat(new PlanRun(lc, 8).up(List.of(spec), Convergence.UpOptions.DEFAULT)).singleElement()
                .isInstanceOf(PlanRun.Outcome.Done.class);
        assertThat(ran.get()).isSameAs(caller);
    }
}
