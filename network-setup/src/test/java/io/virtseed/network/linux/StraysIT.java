package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.HostObject.Owner;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leftovers of two state folders on one host, with real links, namespaces, iptables and dnsmasq:
 * reaping one removes exactly what carries its mark; the other's, and what no mark ties to either,
 * survive.
 */
class StraysIT {

    private static final MacAddress MAC = MacAddress.of("52:54:00:e3:00:10");

    @TempDir
    Path temp;

    private final LinuxNetworkProvisioner networks = new LinuxNetworkProvisioner(TestHost.RUNNER);
    private final List<NetworkContext> made = new ArrayList<>();
    private final List<String> handMade = new ArrayList<>();

    @BeforeEach
    void host() {
        TestHost.require();
    }

    @AfterEach
    void removeEverything() {
        made.forEach(networks::remove);
        for (String ns : handMade) {
            TestHost.RUNNER.run(Command.of("ip", "netns", "del", ns).allowing(0, 1));
        }
    }

    private NetworkContext up(Path state, String name, NetworkMode mode) throws Exception {
        NetworkContext n = TestHost.context(NetworkSpec.of(name, TestHost.freeCidr(), mode), state);
        made.add(n);
        networks.ensure(n, List.of(new DhcpHost(MAC, n.record().cidr().host(10), "vs-strays")));
        return n;
    }

    private Map<String, Owner> objectsOf(NetworkContext n, Path asking) {
        return networks.hostObjects(asking).stream().filter(o -> o.networkId().equals(n.record().id()))
                .collect(Collectors.toMap(o -> o.kind() + " " + o.name(), HostObject::owner, (a, b) -> a));
    }

    @Test
    void reapingOneStateFolderLeavesTheOthersAndTheUnmarkedAlone() throws Exception {
        Path a = Files.createDirectories(temp.resolve("a"));
        Path b = Files.createDirectories(temp.resolve("b"));
        NetworkContext ours = up(a, "vs-ours", NetworkMode.NAT);
        NetworkContext theirs = up(b, "vs-theirs", NetworkMode.NAT);
        // half torn down, as a killed 'net rm' leaves it: the namespace's name is gone, dnsmasq lives on in it
        NetworkContext half = up(a, "vs-half", NetworkMode.ISOLATED);
        long halfDhcp = networks.dhcpServerPid(half).orElseThrow();
        TestHost.run("ip", "netns", "del", half.record().namespace());
        // a namespace with our prefix that no state folder marked: maybe another tool's
        String foreign = "vs-" + TestHost.newId();
        handMade.add(foreign);
        TestHost.run("ip", "netns", "add", foreign);

        Map<String, Owner> mine = objectsOf(ours, a);
        String fwd = "iptables filter " + ours.record().chainPrefix() + "-FWD";
        String nat = "iptables nat " + ours.record().chainPrefix() + "-NAT";
        assertThat(mine).containsEntry("link " + ours.record().bridge(), Owner.THIS_STATE)
                .containsEntry("link " + ours.record().vethHost(), Owner.THIS_STATE)
                .containsEntry("namespace " + ours.record().namespace(), Owner.THIS_STATE)
                .containsEntry(fwd, Owner.THIS_STATE).containsEntry(nat, Owner.THIS_STATE)
                .containsEntry("process dnsmasq " + networks.dhcpServerPid(ours).orElseThrow(), Owner.THIS_STATE);
        assertThat(objectsOf(theirs, a)).hasSize(6).containsValue(Owner.OTHER_STATE).doesNotContainValue(Owner.THIS_STATE);
        assertThat(networks.hostObjects(a)).filteredOn(o -> o.name().equals(foreign))
                .extracting(HostObject::owner).containsExactly(Owner.UNPROVEN);
        assertThat(networks.hostObjects(a)).filteredOn(o -> o.name().equals("dnsmasq " + halfDhcp))
                .extracting(o -> o.networkId() + " " + o.owner()).containsExactly(" THIS_STATE");

        networks.removeStrays(a, Set.of(ours.record().id())); // 'ours' still has its record: only 'half' goes
        assertThat(new HostScan(TestHost.RUNNER, HostPaths.SYSTEM).find(half)).filteredOn(l -> !l.startsWith("file "))
                .as("left of the half-removed network").isEmpty();
        assertThat(objectsOf(ours, a)).hasSize(6);

        networks.removeStrays(a, Set.of());
        assertThat(objectsOf(ours, a)).as("our strays are gone").isEmpty();
        assertThat(new HostScan(TestHost.RUNNER, HostPaths.SYSTEM).find(ours)).filteredOn(l -> !l.startsWith("file "))
                .isEmpty();
        assertThat(objectsOf(theirs, b)).as("the other state folder's network is whole").hasSize(6)
                .containsOnlyKeys("link " + theirs.record().bridge(), "link " + theirs.record().vethHost(),
                        "namespace " + theirs.record().namespace(), "iptables filter " + theirs.record().chainPrefix() + "-FWD",
                        "iptables nat " + theirs.record().chainPrefix() + "-NAT",
                        "process dnsmasq " + networks.dhcpServerPid(theirs).orElseThrow());
        assertThat(TestHost.run("ip", "netns", "list")).as("the unmarked namespace").contains(foreign);
    }

    @Test
    void anotherStateFolderDrawingTheSameIdIsRefusedAndTakesNothingOver() throws Exception {
        Path a = Files.createDirectories(temp.resolve("a"));
        Path b = Files.createDirectories(temp.resolve("b").resolve("networks").resolve("vs-same"));
        NetworkContext ours = up(a, "vs-same", NetworkMode.ISOLATED);
        NetworkContext clash = new NetworkContext(ours.record(), b); // same id, another state folder

        assertThatThrownBy(() -> networks.ensure(clash, List.of())).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("belongs to another state folder");
        assertThat(objectsOf(ours, a)).as("ours, untouched").hasSize(5).containsValue(Owner.THIS_STATE)
                .doesNotContainValue(Owner.OTHER_STATE);
        assertThat(networks.dhcpServerPid(ours)).isPresent();
    }
}
