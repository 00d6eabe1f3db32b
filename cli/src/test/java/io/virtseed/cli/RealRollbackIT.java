package io.virtseed.cli;

import io.virtseed.core.spec.ImageRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.configdrive.DriveInspector;
import io.virtseed.core.Virtseed;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code up} and {@code down} with the real parts: qemu-img overlays, the in-process drive
 * writer, a real network (bridge, namespace, dnsmasq) and libvirt (its test driver, so no guest
 * runs). A failure injected at each step must leave no file, no domain and no DHCP reservation.
 */
class RealRollbackIT {

    private static final InstanceName NAME = InstanceName.of("vs-rollback");
    private static final String NET = "vsrbnet";

    @TempDir
    Path tmp;

    private LibvirtHypervisor hv;
    private BreakingHypervisor breaking;
    private InstanceStore store;
    private ImageStore images;
    private String failAt;
    private String breakDestroyAt;
    private LinuxNetworkProvisioner networks;

    @BeforeEach
    void setUp() throws Exception {
        // the folder above the state must let the QEMU user pass, as on a real host
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        hv = new LibvirtHypervisor("test:///default", tmp.resolve("state"));
        breaking = new BreakingHypervisor(hv);
        var runner = new ProcessCommandRunner();
        Path base = tmp.resolve("base.qcow2");
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "32M"));
        store = new InstanceStore(tmp.resolve("state"));
        images = new ImageStore(tmp.resolve("state"), runner);
        images.importImage("vs-base", base, Optional.empty());
        networks = new LinuxNetworkProvisioner(runner);
        virtseed().networks().create(NetworkSpec.of(NET, Ipv4Cidr.parse("10.251.9.0/24"), NetworkMode.ISOLATED),
                Optional.empty());
    }

    @AfterEach
    void tearDown() {
        try {
            hv.destroy(NAME);
            hv.undefine(NAME);
            if (store.find(NAME).isPresent()) {
                virtseed().down(NAME);
            }
            virtseed().networks().find(NET).ifPresent(n -> virtseed().networks().remove(NET));
        } finally {
            hv.close();
        }
    }

    private Virtseed virtseed() {
        Provisioner.Listener listener = step -> {
            if (step.equals(breakDestroyAt)) {
                breaking.failBefore("destroy");
            }
            if (step.equals(failAt)) {
                throw new IllegalStateException("injected at " + step);
            }
        };
        return Virtseed.builder(store, images).hypervisor(breaking).drives(new ConfigDrives()).networks(networks)
                .listener(listener).build();
    }

    private static InstanceSpec spec() {
        return InstanceSpec.defaults(NAME.value(), "vs-base")
                .withUserData("#cloud-config\nruncmd: [ [ true ] ]\n".getBytes(StandardCharsets.UTF_8))
                .withNetworks(List.of(NicSpec.dhcpOn(NET)));
    }

    private Map<MacAddress, IpAddress> served() {
        var vs = virtseed();
        NetworkRecord net = vs.networks().find(NET).orElseThrow();
        return networks.reservations(vs.networks().context(net));
    }

    @Test
    void upMakesRealFilesAndADomainAndDownRemovesThem() throws Exception {
        var vs = virtseed();
        var record = vs.up(spec());
        Path dir = store.dir(NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        var drive = new DriveInspector().inspect(dir.resolve("disk.config"));
        assertThat(drive.valid()).as(drive.problems().toString()).isTrue();
        assertThat(new String(drive.tree().get("openstack/latest/meta_data.json").orElseThrow(), StandardCharsets.UTF_8))
                .contains(record.uuid().toString());
        String info = new ProcessCommandRunner().run(Command.of("qemu-img", "info", "--output=json",
                dir.resolve("disk.qcow2").toString())).stdout();
        assertThat(info).contains(images.resolve(ImageRef.ofText("vs-base")).path().toString());

        assertThat(served()).containsExactly(Map.entry(record.nics().get(0).mac(), IpAddress.parse("10.251.9.10")));

        vs.down(NAME);
        assertThat(dir).doesNotExist();
        assertThat(hv.state(NAME)).isEmpty();
        assertThat(served()).isEmpty();
    }

    @Test
    void reapRemovesWhatAKilledUpLeftWithItsRealPartsAndADryRunKeepsThem() throws Exception {
        var vs = virtseed();
        var record = vs.up(spec());
        // what a kill -9 between "start domain" and "mark created" leaves: every part, and a record still creating
        store.save(record.withPhase(io.virtseed.core.state.Phase.CREATING));

        // only what is ours counts: other state folders' networks on this host are listed as not ours
        assertThat(vs.reap(true)).filteredOn(l -> l.ours()).extracting(l -> l.name()).containsExactly(NAME.value());
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        assertThat(served()).hasSize(1);

        assertThat(vs.reap(false)).filteredOn(l -> l.ours()).extracting(l -> l.name())
                .containsExactly(NAME.value());
        assertThat(hv.state(NAME)).isEmpty();
        assertThat(store.dir(NAME)).doesNotExist();
        assertThat(served()).as("the DHCP reservation went with it").isEmpty();
        assertThat(vs.reap(false)).filteredOn(l -> l.ours()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"create instance folder", "record instance", "make ssh key", "copy boot files",
        "create root disk",
        "ensure network vsrbnet", "reserve 10.251.9.10 on vsrbnet", "save metadata", "write config drive",
        "sync instance files", "define domain", "ensure metadata service", "start domain", "mark created"})
    void aFailureAtAnyStepLeavesNoFileAndNoDomain(String step) throws Exception {
        failAt = step;
        assertThatThrownBy(() -> virtseed().up(spec())).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("step '" + step + "' failed");
        assertThat(hv.state(NAME)).isEmpty();
        try (Stream<Path> left = Files.list(store.instancesDir())) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(served()).isEmpty(); // the reservation went, the network stays for others
        assertThat(virtseed().networks().find(NET)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"define", "start"})
    void workLibvirtDidBeforeTheCallFailedIsUndone(String op) throws Exception {
        breaking.failAfter(op);
        assertThatThrownBy(() -> virtseed().up(spec())).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("injected failure after " + op);
        assertThat(hv.state(NAME)).isEmpty();
        try (Stream<Path> left = Files.list(store.instancesDir())) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void aDestroyThatFailsMidRollbackLeavesTheDisksOfTheRunningGuest() throws Exception {
        breaking.failAfter("start"); // the guest started, then the call failed
        breakDestroyAt = "start domain"; // and from then on it cannot be stopped
        assertThatThrownBy(() -> virtseed().up(spec())).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("rollback stopped after undo of 'start domain' failed")
                .hasMessageContaining("finish with: virtseed --state-dir " + store.root() + " down " + NAME);
        assertThat(hv.state(NAME)).contains(MachineState.RUNNING);
        Path disk = store.dir(NAME).resolve("disk.qcow2");
        assertThat(disk).exists();
        String info = new ProcessCommandRunner().run(Command.of("qemu-img", "info", "--output=json", disk.toString()))
                .stdout();
        assertThat(info).contains(images.resolve(ImageRef.ofText("vs-base")).path().toString());

        breaking.heal();
        virtseed().down(NAME);
        assertThat(hv.state(NAME)).isEmpty();
        assertThat(store.dir(NAME)).doesNotExist();
    }
}
