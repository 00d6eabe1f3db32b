package io.virtseed.core.ports;

import io.virtseed.core.provision.Step;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes networks real on the host: for each, a bridge, a namespace holding the service address
 * and 169.254.169.254, the DNAT to the metadata port, DHCP with static reservations, and the
 * mode's way out. Core decides what a network is and who is on it; this port alone knows how a
 * host does it. Every operation is idempotent: ensuring what exists, or removing what is gone,
 * succeeds.
 */
public interface NetworkProvisioner {

    /**
     * What stops this host from running the network, each as a sentence ending with the fix;
     * empty when nothing does.
     */
    List<String> hostProblems(NetworkContext network);

    /** Brings the network up as recorded, serving exactly these DHCP reservations. */
    void ensure(NetworkContext network, List<DhcpHost> hosts);

    /** Removes everything {@link #ensure} made: links, namespace, rules, processes, files. */
    void remove(NetworkContext network);

    /** Adds or replaces one reservation without restarting the DHCP server. */
    void addHost(NetworkContext network, DhcpHost host);

    /** Drops the reservation for this MAC; absent is fine. */
    void removeHost(NetworkContext network, MacAddress mac);

    /** The IPv4 networks the host routes now, so a new network can avoid them. */
    List<Ipv4Cidr> hostRoutes();

    /**
     * Every network object on the host with virtseed's prefix (links, namespaces, iptables chains,
     * DHCP servers), each judged by its {@link StateMark} as {@code stateRoot}'s, another state
     * folder's, or unproven. Files are not included: they live in the state folder.
     */
    List<HostObject> hostObjects(Path stateRoot);

    /**
     * Removes the objects {@link #hostObjects} proves to be {@code stateRoot}'s whose network id is
     * not in {@code liveIds}; what is another's or unproven is left alone, whatever its name.
     */
    void removeStrays(Path stateRoot, Set<String> liveIds);

    /**
     * The steps that attach one guest NIC to a running network. The network itself outlives the
     * instance, so only the reservation is undone. {@code current} is asked when the step runs:
     * every reservation of the network then, this NIC's among them.
     */
    default List<Step> attachSteps(NetworkContext network, Supplier<List<DhcpHost>> current, DhcpHost host) {
        String net = network.record().name();
        return List.of(
                Step.of("ensure network " + net, () -> ensure(network, current.get()), () -> { }),
                Step.of("reserve " + host.ip() + " on " + net, () -> addHost(network, host),
                        () -> removeHost(network, host.mac())));
    }
}
