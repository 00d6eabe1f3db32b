package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.core.Virtseed;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.Convergence;
import io.virtseed.core.lifecycle.PlanRun;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.Accel;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.testing.RealComponents;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import io.virtseed.core.value.MemorySize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's instances made at once against real libvirtd and QEMU (TCG, an empty disk: nothing
 * boots) on a real network (bridge, namespace, dnsmasq): each instance waits at its start until
 * all three are there, so made one after another the first would wait alone and fail. Then all
 * three start their QEMU together; one of them fails after its start and is rolled back alone:
 * its guest, files and DHCP reservation go, the other two keep running and keep theirs.
 */
class PlanParallelIT {

    private static final String URI = "qemu:///system";
    private static final String NET = "vsplanpar";
    private static final long BARRIER_SECONDS = 120;
    private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();

    @TempDir
    Path tmp;

    private LibvirtHypervisor hv;
    private InstanceStore store;
    private ImageStore images;
    private LinuxNetworkProvisioner networks;
    private final List<InstanceName> names = IntStream.range(0, 3)
            .mapToObj(i -> InstanceName.of("vs-planpar-" + i)).toList();

    @BeforeEach
    void setUp() throws Exception {
        RealComponents.require("root".equals(System.getProperty("user.name")), "root",
                "run the integration tests as root (they make bridges and domains)");
        // QEMU (its own user) must pass through the folders above the state folder
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path state = tmp.resolve("state");
        hv = new LibvirtHypervisor(URI, state);
        Path base = tmp.resolve("base.qcow2");
        RUNNER.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "16M"));
        store = new InstanceStore(state);
        images = new ImageStore(state, RUNNER);
        images.importImage("vs-planpar-base", base, Optional.empty());
        networks = new LinuxNetworkProvisioner(RUNNER);
    }

    @AfterEach
    void tearDown() {
        if (hv == null) {
            return;
        }
        try {
            Virtseed vs = virtseed(Provisioner.Listener.NONE);
            for (InstanceName n : names) {
                if (store.find(n).isPresent() || Files.exists(store.dir(n)) || hv.state(n).isPresent()) {
                    vs.down(n);
                }
            }
            vs.networks().find(NET).ifPresent(n -> vs.networks().remove(NET));
        } finally {
            hv.close();
        }
    }

    private Virtseed virtseed(Provisioner.Listener listener) {
        return Virtseed.builder(store, images).hypervisor(hv).drives(new ConfigDrives()).networks(networks)
                .listener(listener).build();
    }

    private Plan plan() {
        List<InstanceSpec> specs = names.stream().map(n -> InstanceSpec.builder(n, "vs-planpar-base")
                .memory(MemorySize.ofMiB(64)).accel(Accel.TCG).networks(List.of(NicSpec.dhcpOn(NET))).build()).toList();
        return new Plan(List.of(NetworkSpec.of(NET, freeCidr(), NetworkMode.ISOLATED)), specs);
    }

    @Test
    void thePlansInstancesStartTogetherAndAFailedOneIsRolledBackAlone() {
        CyclicBarrier atStart = new CyclicBarrier(names.size());
        InstanceName failing = names.get(1);
        Provisioner.Listener listener = new Provisioner.Listener() {
            @Override
            public void stepStarted(String step) {
            }

            @Override
            public Provisioner.Listener forInstance(InstanceName instance) {
                return step -> {
                    if (step.equals("start domain")) {
                        try {
                            atStart.await(BARRIER_SECONDS, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(instance + " waited alone at its start: " + e, e);
                        }
                    }
                    if (step.equals("mark created") && instance.equals(failing)) {
                        throw new IllegalStateException("injected after the start of " + instance);
                    }
                };
            }
        };
        Virtseed vs = virtseed(listener);

        List<PlanRun.Outcome> out = vs.upEach(plan(), Optional.empty(), Convergence.UpOptions.DEFAULT, 3);

        assertThat(out.get(0)).as(out.toString()).isInstanceOf(PlanRun.Outcome.Done.class);
        assertThat(out.get(2)).as(out.toString()).isInstanceOf(PlanRun.Outcome.Done.class);
        assertThat(out.get(1)).isInstanceOfSatisfying(PlanRun.Outcome.Failed.class,
                f -> assertThat(f.error()).hasMessageContaining("injected after the start of " + failing));
        var served = networks.reservations(vs.networks().context(vs.networks().find(NET).orElseThrow()));
        for (InstanceName n : List.of(names.get(0), names.get(2))) {
            assertThat(hv.state(n)).as(n.value()).contains(MachineState.RUNNING);
            MacAddress mac = store.find(n).orElseThrow().nics().get(0).mac();
            assertThat(served).containsKey(mac);
        }
        assertThat(hv.state(failing)).as("the failed one's guest").isEmpty();
        assertThat(store.dir(failing)).as("the failed one's folder").doesNotExist();
        assertThat(served).as("only the two that stand are served").hasSize(2);

        // up again converges: the two unchanged, the third made now
        var again = virtseed(Provisioner.Listener.NONE).upEach(plan(), Optional.empty(), Convergence.UpOptions.DEFAULT, 3);
        assertThat(again).allSatisfy(o -> assertThat(o).isInstanceOf(PlanRun.Outcome.Done.class));
        assertThat(hv.state(failing)).contains(MachineState.RUNNING);
    }

    /** A 10.249.X.0/24 no host route touches. */
    private Ipv4Cidr freeCidr() {
        Optional<Ipv4Cidr> recorded = Optional.empty();
        try {
            recorded = virtseed(Provisioner.Listener.NONE).networks().find(NET).map(n -> n.cidr());
        } catch (RuntimeException e) {
            // no record yet
        }
        if (recorded.isPresent()) {
            return recorded.get(); // the plan again: the same network
        }
        List<Ipv4Cidr> routes = networks.hostRoutes();
        for (int third = 10 + (int) (ProcessHandle.current().pid() % 200); third < 255; third++) {
            Ipv4Cidr c = Ipv4Cidr.parse("10.249." + third + ".0/24");
            if (routes.stream().noneMatch(c::overlaps)) {
                return c;
            }
        }
        throw new IllegalStateException("no free 10.249.x.0/24 on this host");
    }
}
