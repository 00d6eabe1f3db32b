package io.virtseed.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.VirtseedException;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.provision.Step;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NetworkProvisioner} must do, run against the in-memory fake and against the real
 * host networks, so the fake the unit tests lean on cannot drift from the real thing.
 */
public abstract class NetworkProvisionerContract {

    protected static final MacAddress MAC_A = MacAddress.of("52:54:00:c0:00:0a");
    protected static final MacAddress MAC_B = MacAddress.of("52:54:00:c0:00:0b");

    private final List<NetworkContext> made = new ArrayList<>();

    /** The provisioner under test; the same instance for the whole test. */
    protected abstract NetworkProvisioner provisioner();

    /** A network not yet ensured, with an id and range no other network (or test) uses. */
    protected abstract NetworkContext newNetwork(String name, NetworkMode mode) throws Exception;

    /** The reservations the network's DHCP server serves now. */
    protected abstract Map<MacAddress, IpAddress> served(NetworkContext network);

    /** True while the network exists on the host (its bridge, namespace, DHCP server). */
    protected abstract boolean isUp(NetworkContext network);

    private NetworkContext network(String name, NetworkMode mode) throws Exception {
        NetworkContext n = newNetwork(name, mode);
        made.add(n);
        return n;
    }

    protected static DhcpHost host(NetworkContext n, MacAddress mac, int last) {
        return new DhcpHost(mac, n.record().cidr().host(last), "vs-contract-" + last);
    }

    @AfterEach
    void removeWhatTheTestMade() {
        made.forEach(n -> provisioner().remove(n));
    }

    @Test
    void ensuringTwiceKeepsOneHealthyNetwork() throws Exception {
        NetworkContext n = network("vs-twice", NetworkMode.NAT);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        assertThat(isUp(n)).isTrue();
        assertThat(served(n)).isEqualTo(Map.of(MAC_A, n.record().cidr().host(10)));
    }

    @Test
    void ensureServesExactlyTheHostsItIsGiven() throws Exception {
        NetworkContext n = network("vs-exact", NetworkMode.ISOLATED);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10), host(n, MAC_B, 11)));
        provisioner().ensure(n, List.of(host(n, MAC_B, 11)));
        assertThat(served(n)).isEqualTo(Map.of(MAC_B, n.record().cidr().host(11)));
    }

    @Test
    void hostsAddedAreServedAndHostsRemovedAreNot() throws Exception {
        NetworkContext n = network("vs-hosts", NetworkMode.ISOLATED);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        provisioner().addHost(n, host(n, MAC_B, 11));
        assertThat(served(n)).containsOnlyKeys(MAC_A, MAC_B);
        provisioner().removeHost(n, MAC_A);
        provisioner().removeHost(n, MAC_A); // absent is fine
        assertThat(served(n)).isEqualTo(Map.of(MAC_B, n.record().cidr().host(11)));
    }

    @Test
    void addingAHostAgainReplacesItsReservation() throws Exception {
        NetworkContext n = network("vs-replace", NetworkMode.ISOLATED);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        provisioner().addHost(n, host(n, MAC_A, 20));
        assertThat(served(n)).isEqualTo(Map.of(MAC_A, n.record().cidr().host(20)));
    }

    @Test
    void reservingOnANetworkThatIsNotUpFails() throws Exception {
        NetworkContext n = network("vs-notup", NetworkMode.ISOLATED);
        assertThatThrownBy(() -> provisioner().addHost(n, host(n, MAC_A, 10))).isInstanceOf(VirtseedException.class)
                .hasMessageContaining(n.record().name());
        provisioner().removeHost(n, MAC_A); // nothing to release is fine
        assertThat(isUp(n)).isFalse();
    }

    @Test
    void removingTwiceOrWhatWasNeverMadeSucceeds() throws Exception {
        NetworkContext never = network("vs-never", NetworkMode.ISOLATED);
        provisioner().remove(never);
        NetworkContext n = network("vs-rmtwice", NetworkMode.NAT);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        provisioner().remove(n);
        provisioner().remove(n);
        assertThat(isUp(n)).isFalse();
        assertThat(isUp(never)).isFalse();
    }

    @Test
    void aRemovedNetworkCanBeMadeAgain() throws Exception {
        NetworkContext n = network("vs-again", NetworkMode.ISOLATED);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        provisioner().remove(n);
        provisioner().ensure(n, List.of(host(n, MAC_B, 11)));
        assertThat(isUp(n)).isTrue();
        assertThat(served(n)).isEqualTo(Map.of(MAC_B, n.record().cidr().host(11)));
    }

    @Test
    void attachStepsReserveAndTheirUndoReleases() throws Exception {
        NetworkContext n = network("vs-attach", NetworkMode.NAT);
        List<Step> steps = provisioner().attachSteps(n, () -> List.of(host(n, MAC_A, 10)), host(n, MAC_B, 11));
        for (Step s : steps) {
            s.apply();
        }
        assertThat(isUp(n)).isTrue();
        assertThat(served(n)).containsOnlyKeys(MAC_A, MAC_B);
        for (Step s : steps.reversed()) {
            s.undo();
        }
        assertThat(isUp(n)).as("the network outlives the instance").isTrue();
        assertThat(served(n)).containsOnlyKeys(MAC_A);
    }

    /** The objects of this network the host shows, as {@code stateRoot} judges them. */
    private List<HostObject> objectsOf(NetworkContext n, Path stateRoot) {
        return provisioner().hostObjects(stateRoot).stream().filter(o -> o.networkId().equals(n.record().id())).toList();
    }

    @Test
    void hostObjectsCarryTheirStateFoldersMarkAndOnlyThatFolderReapsThem() throws Exception {
        NetworkContext n = network("vs-marked", NetworkMode.NAT);
        provisioner().ensure(n, List.of(host(n, MAC_A, 10)));
        Path root = n.stateRoot();
        Path other = root.resolveSibling(root.getFileName() + "-other");

        List<HostObject> mine = objectsOf(n, root);
        assertThat(mine).extracting(HostObject::kind).contains("link", "namespace");
        assertThat(mine).extracting(HostObject::owner).containsOnly(HostObject.Owner.THIS_STATE);
        assertThat(objectsOf(n, other)).hasSameSizeAs(mine).extracting(HostObject::owner)
                .containsOnly(HostObject.Owner.OTHER_STATE);

        provisioner().removeStrays(other, Set.of());
        assertThat(isUp(n)).as("another state folder never removes ours").isTrue();
        provisioner().removeStrays(root, Set.of(n.record().id()));
        assertThat(isUp(n)).as("a network with a record is no stray").isTrue();
        provisioner().removeStrays(root, Set.of());
        assertThat(isUp(n)).isFalse();
        assertThat(objectsOf(n, root)).isEmpty();
    }
}
