package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.RecordingCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.metadata.MetadataTree;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.NicAttachment;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.core.testing.FakeNetworks;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import io.virtseed.core.value.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Instances on networks, against the fake hypervisor and the fake network adapter. */
class NetworkLifecycleTest {

    @TempDir
    Path state;

    private final FakeHypervisor hv = new FakeHypervisor();
    private final FakeNetworks net = new FakeNetworks().withRoute("10.231.77.0/24");
    private final RecordingCommandRunner runner = FakeImageTool.runner();
    private final Map<Path, String> drives = new java.util.HashMap<>();
    private InstanceStore store;
    private Networks networks;
    private Lifecycle lc;
    private String failAt;
    private final List<Path> served = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        store = new InstanceStore(state);
        FakeImageTool.storeImage(state, false);
        Provisioner.Listener listener = step -> {
            if (step.equals(failAt)) {
                throw new IllegalStateException("injected failure at " + step);
            }
        };
        ConfigDriveWriter writer = (MetadataTree tree, String label, DriveFormat fmt, Path out) -> {
            String nd = new String(tree.get("openstack/latest/network_data.json").orElse(new byte[0]), StandardCharsets.UTF_8);
            drives.put(out, nd);
            Files.writeString(out, nd);
        };
        networks = new Networks(store, new NetworkStore(state), net, new Ipam(new Random(11)), Clock.systemUTC(), listener);
        lc = new Lifecycle(store, new ImageStore(state, runner), hv, writer, networks, served::add, listener);
    }

    private static InstanceSpec on(String name, NicSpec... nics) {
        return InstanceSpec.defaults(name, "img").withNetworks(List.of(nics));
    }

    private NetworkRecord lab() {
        var spec = new NetworkSpec("lab", Ipv4Cidr.parse("10.88.0.0/24"), Optional.of(Ipv6Prefix.parse("fd00:88::/64")),
                NetworkMode.NAT, Optional.empty(), List.of(IpAddress.parse("10.88.0.1")), Optional.empty(),
                OptionalInt.of(1400), List.of(), true);
        return networks.create(spec, Optional.empty());
    }

    @Test
    void theDefaultNetworkIsMadeOnFirstUseInAFreeRange() {
        InstanceRecord r = lc.up(on("vs-a", NicSpec.dhcpOn("default")));
        NetworkRecord def = networks.find("default").orElseThrow();
        assertThat(def.cidr()).isNotEqualTo(Ipv4Cidr.parse("10.231.77.0/24")); // that one is a host route
        assertThat(def.mode()).isEqualTo(NetworkMode.ISOLATED);
        assertThat(r.nics()).singleElement().satisfies(n -> {
            assertThat(n.network()).isEqualTo("default");
            assertThat(n.ip()).contains(def.cidr().host(10));
            assertThat(n.tap()).isEqualTo("vs" + r.uuid().toString().substring(0, 8) + "0").hasSizeLessThanOrEqualTo(15);
        });
        assertThat(net.served("default")).extracting(h -> h.ip()).containsExactly(def.cidr().host(10));
        NicAttachment nic = hv.definition(InstanceName.of("vs-a")).orElseThrow().nics().get(0);
        assertThat(nic.bridge()).isEqualTo(def.bridge());
        assertThat(nic.addresses()).containsExactly(def.cidr().host(10));
    }

    @Test
    void addressesAndMacsAreNeverHandedOutTwice() {
        lab();
        Set<IpAddress> ips = new HashSet<>();
        Set<MacAddress> macs = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            InstanceRecord r = lc.up(on("vs-n" + i, NicSpec.dhcpOn("lab")));
            ips.add(r.nics().get(0).ip().orElseThrow());
            macs.add(r.nics().get(0).mac());
        }
        assertThat(ips).hasSize(20);
        assertThat(macs).hasSize(20);
        assertThat(store.list()).hasSize(20);
        assertThat(net.served("lab")).hasSize(20);
        lc.down(InstanceName.of("vs-n3"));
        InstanceRecord again = lc.up(on("vs-x", NicSpec.dhcpOn("lab")));
        assertThat(again.nics().get(0).ip()).contains(IpAddress.parse("10.88.0.13")); // the freed one, lowest first
    }

    @Test
    void aRequestedAddressOrMacThatAnotherInstanceHoldsIsAnErrorNamingIt() {
        lab();
        InstanceRecord first = lc.up(on("vs-a", NicSpec.dhcpOn("lab")));
        var taken = new NicSpec("lab", Optional.of("10.88.0.10"), Optional.empty(), Optional.empty(), true,
                Optional.empty(), Optional.empty(), List.of());
        assertThatThrownBy(() -> lc.up(on("vs-b", taken))).isInstanceOf(SpecException.class)
                .hasMessageContaining("10.88.0.10").hasMessageContaining("already used by instance vs-a");
        var sameMac = new NicSpec("lab", Optional.empty(), Optional.empty(), Optional.of(first.nics().get(0).mac()), true,
                Optional.empty(), Optional.empty(), List.of());
        assertThatThrownBy(() -> lc.up(on("vs-c", sameMac))).hasMessageContaining("already used by instance vs-a");
        var service = new NicSpec("lab", Optional.of("10.88.0.2"), Optional.empty(), Optional.empty(), true,
                Optional.empty(), Optional.empty(), List.of());
        assertThatThrownBy(() -> lc.up(on("vs-d", service))).hasMessageContaining("reserved");
        assertThat(store.list()).extracting(InstanceRecord::name).containsExactly("vs-a");
    }

    @Test
    void staticNicsGetTheirAddressRouterDnsAndSlaacAddressOnTheDrive() {
        NetworkRecord lab = lab();
        var fixed = new NicSpec("lab", Optional.of("10.88.0.50"), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), List.of());
        InstanceRecord r = lc.up(on("vs-s", fixed));
        InstanceRecord.Nic nic = r.nics().get(0);
        assertThat(nic.ip6()).contains(lab.cidr6().orElseThrow().slaac(nic.mac()));
        String nd = drives.get(store.dir(InstanceName.of("vs-s")).resolve("disk.config"));
        assertThat(nd).contains("\"ip_address\":\"10.88.0.50\"", "\"gateway\":\"10.88.0.1\"", "\"mtu\":1400",
                nic.ip6().orElseThrow().text());
    }

    @Test
    void upAgainAfterAHostRebootBringsTheNetworkAndTheMetadataServiceBack() {
        NetworkRecord lab = lab();
        InstanceRecord r = lc.up(on("vs-a", NicSpec.dhcpOn("lab")));
        assertThat(served).containsExactly(state.toAbsolutePath().normalize());
        net.remove(networks.context(lab)); // what a reboot leaves: records, but no bridge and no dnsmasq
        hv.powerOff(InstanceName.of("vs-a"));
        lc.up(on("vs-a", NicSpec.dhcpOn("lab")));
        assertThat(net.served("lab")).extracting(h -> h.mac()).containsExactly(r.nics().get(0).mac());
        assertThat(served).hasSize(2);
        assertThat(hv.state(InstanceName.of("vs-a"))).contains(io.virtseed.core.ports.MachineState.RUNNING);
    }

    @Test
    void aNetworkThatDoesNotExistIsASpecErrorAndNothingIsMade() {
        assertThatThrownBy(() -> lc.up(on("vs-a", NicSpec.dhcpOn("nowhere")))).isInstanceOf(SpecException.class)
                .hasMessageContaining("network 'nowhere' does not exist").hasMessageContaining("net create nowhere");
        assertThat(store.list()).isEmpty();
        assertThat(networks.list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ensure network lab", "reserve 10.88.0.10 on lab", "save metadata", "write config drive",
        "sync instance files", "define domain", "ensure metadata service", "start domain", "mark created"})
    void aFailureAtOrAfterTheNetworkStepsReleasesTheReservationButKeepsTheNetwork(String step) {
        lab();
        lc.up(on("vs-keep", NicSpec.dhcpOn("lab"))); // takes .10 first: the failing one gets .11
        failAt = step.replace("10.88.0.10", "10.88.0.11");
        assertThatThrownBy(() -> lc.up(on("vs-b", NicSpec.dhcpOn("lab")))).isInstanceOf(ProvisionException.class);
        assertThat(net.isUp("lab")).isTrue();
        assertThat(net.served("lab")).extracting(h -> h.instance()).containsExactly("vs-keep");
        assertThat(store.find(InstanceName.of("vs-b"))).isEmpty();
        assertThat(Files.exists(store.dir(InstanceName.of("vs-b")))).isFalse();
    }

    @Test
    void aFailingReservationInsideTheAdapterIsRolledBack() {
        lab();
        net.failOn("addHost");
        assertThatThrownBy(() -> lc.up(on("vs-b", NicSpec.dhcpOn("lab")))).isInstanceOf(ProvisionException.class)
                .hasRootCauseInstanceOf(CommandException.class);
        assertThat(net.served("lab")).isEmpty();
        assertThat(hv.owned()).isEmpty();
    }

    @Test
    void downReadsTheRecordNotTheSpecAndWorksAfterTheNetworkIsGone() throws IOException {
        lab();
        lc.up(on("vs-a", NicSpec.dhcpOn("lab")));
        lc.down(InstanceName.of("vs-a"));
        assertThat(net.served("lab")).isEmpty();
        lc.up(on("vs-b", NicSpec.dhcpOn("lab")));
        new NetworkStore(state).delete("lab"); // a network removed behind our back
        lc.down(InstanceName.of("vs-b"));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aNetworkInUseCannotBeRemovedAndTheErrorNamesItsUsers() {
        lab();
        lc.up(on("vs-a", NicSpec.dhcpOn("lab")));
        lc.up(on("vs-b", NicSpec.dhcpOn("lab")));
        assertThatThrownBy(() -> networks.remove("lab")).isInstanceOf(StateException.class)
                .hasMessageContaining("used by vs-a, vs-b");
        lc.down(InstanceName.of("vs-a"));
        lc.down(InstanceName.of("vs-b"));
        networks.remove("lab");
        assertThat(net.isUp("lab")).isFalse();
        assertThat(networks.list()).isEmpty();
        assertThat(state.resolve("networks/lab")).doesNotExist();
    }

    @Test
    void netRmFinishesARemovalKilledAfterTheRecordWent() throws IOException {
        Files.createDirectories(state.resolve("networks/lab")); // the folder a killed removal left, no record
        networks.remove("lab");
        assertThat(state.resolve("networks/lab")).doesNotExist();
        assertThatThrownBy(() -> networks.remove("lab")).isInstanceOf(io.virtseed.core.error.NotFoundException.class);
    }

    @Test
    void createIsANoOpForTheSameDefinitionAndAnErrorForAnother() {
        NetworkRecord first = lab();
        assertThat(lab()).isEqualTo(first);
        var other = NetworkSpec.of("lab", Ipv4Cidr.parse("10.89.0.0/24"), NetworkMode.ISOLATED);
        assertThatThrownBy(() -> networks.create(other, Optional.empty())).isInstanceOf(SpecException.class)
                .hasMessageContaining("exists with another definition (nat 10.88.0.0/24");
        var overlapping = NetworkSpec.of("lab2", Ipv4Cidr.parse("10.88.0.0/16"), NetworkMode.ISOLATED);
        assertThatThrownBy(() -> networks.create(overlapping, Optional.empty())).hasMessageContaining("overlaps network 'lab'");
        var onHostRoute = NetworkSpec.of("lab3", Ipv4Cidr.parse("10.231.77.0/24"), NetworkMode.NAT);
        assertThatThrownBy(() -> networks.create(onHostRoute, Optional.empty())).hasMessageContaining("host's route");
    }

    @Test
    void hostProblemsStopCreationWithTheirFixesAndLeaveNoRecord() {
        net.withProblem("ip_forward is off: run 'sysctl -w net.ipv4.ip_forward=1'");
        assertThatThrownBy(this::lab).isInstanceOf(ProvisionException.class).hasMessageContaining("sysctl -w");
        assertThat(networks.list()).isEmpty();
    }

    @Test
    void aFailedNetworkSetupIsRolledBack() {
        net.failOn("ensure");
        assertThatThrownBy(this::lab).isInstanceOf(ProvisionException.class);
        assertThat(networks.list()).isEmpty();
        assertThat(net.calls()).contains("remove");
    }
}
