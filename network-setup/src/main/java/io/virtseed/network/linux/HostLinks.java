package io.virtseed.network.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.StateMark;
import io.virtseed.core.state.NetworkRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The host side of a network: its bridge (ours, or the existing one a bridged network joins), the
 * namespace, and the veth pair between them. What exists is read from sysfs; what is missing is
 * made with one {@code ip -batch} per phase.
 */
final class HostLinks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;
    private final Kernel kernel;

    HostLinks(CommandRunner runner, Kernel kernel) {
        this.runner = runner;
        this.kernel = kernel;
    }

    /**
     * The MTU of the veth pair: the network's for our own bridge; for a bridge we join, the
     * bridge's own, since a smaller port would lower the bridge's MTU and that is not ours to touch.
     */
    OptionalInt vethMtu(NetworkRecord net) {
        return net.ownsBridge() ? net.spec().mtu() : kernel.mtu(net.bridge());
    }

    /**
     * Makes what is missing of bridge, namespace and veth pair.
     *
     * @return true when the namespace was made now, so it holds nothing yet
     */
    boolean ensure(NetworkRecord net, StateMark mark) {
        String br = net.bridge();
        OptionalInt mtu = vethMtu(net);
        refuseForeign(net, mark);
        List<String> create = new ArrayList<>();
        boolean freshBridge = net.ownsBridge() && !kernel.linkExists(br);
        if (freshBridge) {
            create.add("link add " + br + mtuArg(mtu) + " type bridge");
            create.add("link set " + br + " alias " + mark.value()); // in the same batch: never unmarked
        } else if (!kernel.isBridge(br)) {
            String what = kernel.linkExists(br) ? "link " + br + " is not a bridge" : "bridge " + br + " does not exist";
            throw new ProvisionException("ensure network " + net.name(), what
                    + (net.ownsBridge() ? ": remove it (ip link del " + br + ")" : ": create it or name an existing bridge"), null);
        }
        boolean freshNs = !kernel.namespaceExists(net.namespace());
        if (freshNs) {
            if (kernel.linkExists(net.vethHost())) {
                // its peer sits in a namespace nobody can name any more (the kernel may be tearing it
                // down right now, so "already gone" is fine): start the pair afresh
                runner.run(Command.of("ip", "link", "del", net.vethHost()).allowing(0, 1));
            }
            create.add("netns add " + net.namespace());
        }
        if (freshNs || !kernel.linkExists(net.vethHost())) {
            create.add("link add " + net.vethHost() + " address " + vethHostMac(net) + mtuArg(mtu) + " type veth peer name "
                    + net.vethNamespace() + mtuArg(mtu) + " netns " + net.namespace());
            create.add("link set " + net.vethHost() + " alias " + mark.value());
        }
        batch(create);
        if (net.ownsBridge()) {
            // the host holds no address on the network: not even a link-local one
            kernel.setSysctl("net/ipv6/conf/" + br + "/disable_ipv6", "1");
        }
        kernel.setSysctl("net/ipv6/conf/" + net.vethHost() + "/disable_ipv6", "1");
        batch(configure(net, mtu, freshBridge, mark));
        return freshNs;
    }

    /**
     * Links of this network's names that another state folder marked are that folder's (two state
     * folders drew the same id): taking them over would break its network, so nothing is made.
     */
    private void refuseForeign(NetworkRecord net, StateMark mark) {
        List<String> names = net.ownsBridge() ? List.of(net.bridge(), net.vethHost()) : List.of(net.vethHost());
        for (String name : names) {
            if (kernel.linkExists(name) && mark.judge(kernel.alias(name)) == HostObject.Owner.OTHER_STATE) {
                throw new ProvisionException("ensure network " + net.name(), "link " + name + " belongs to another"
                        + " state folder (its alias is " + kernel.alias(name) + "); remove this network's record"
                        + " ('virtseed net rm " + net.name() + "') and create it again to draw another id", null);
            }
        }
    }

    private List<String> configure(NetworkRecord net, OptionalInt mtu, boolean freshBridge, StateMark mark) {
        List<String> set = new ArrayList<>();
        String br = net.bridge();
        String vh = net.vethHost();
        // the mark proves to 'reap' whose links these are; links made before marks existed get it now
        if (net.ownsBridge() && !kernel.alias(br).equals(mark.value())) {
            set.add("link set " + br + " alias " + mark.value());
        }
        if (!kernel.alias(vh).equals(mark.value())) {
            set.add("link set " + vh + " alias " + mark.value());
        }
        if (net.ownsBridge()) {
            mtu.ifPresent(m -> {
                if (kernel.mtu(br).orElse(-1) != m) {
                    set.add("link set " + br + " mtu " + m);
                }
            });
            if (!kernel.isUp(br)) {
                set.add("link set " + br + " up");
            }
        }
        mtu.ifPresent(m -> {
            if (kernel.mtu(vh).orElse(-1) != m) {
                set.add("link set " + vh + " mtu " + m);
            }
        });
        if (!kernel.master(vh).filter(br::equals).isPresent()) {
            set.add("link set " + vh + " master " + br);
        }
        if (!kernel.isUp(vh)) {
            set.add("link set " + vh + " up");
        }
        if (net.router().isPresent() && (freshBridge || !hasGateway(net))) {
            set.add("address add " + net.gatewayAddress() + "/" + net.cidr().prefix() + " dev " + br);
        }
        return set;
    }

    private boolean hasGateway(NetworkRecord net) {
        String out = runner.run(Command.of("ip", "-j", "-4", "address", "show", "dev", net.bridge())).stdout();
        String gw = net.gatewayAddress().toString();
        for (JsonNode link : parse(out)) {
            for (JsonNode a : link.path("addr_info")) {
                if (gw.equals(a.path("local").asText()) && a.path("prefixlen").asInt() == net.cidr().prefix()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes the veth pair, our bridge and the namespace; what is already gone is skipped. */
    void remove(NetworkRecord net) {
        List<String> del = new ArrayList<>();
        if (kernel.linkExists(net.vethHost())) {
            del.add("link del " + net.vethHost());
        }
        if (net.ownsBridge() && kernel.linkExists(net.bridge()) && kernel.isBridge(net.bridge())) {
            del.add("link del " + net.bridge());
        }
        if (kernel.namespaceExists(net.namespace())) {
            del.add("netns del " + net.namespace());
        }
        batch(del);
    }

    private void batch(List<String> lines) {
        if (!lines.isEmpty()) {
            runner.run(Command.of("ip", "-batch", "-").withStdin(IpBatch.bytes(lines)));
        }
    }

    /**
     * The bridge port's MAC: fe:76:73 ("vs") and the id. A bridge whose address was never set takes its
     * ports' lowest, so a port starting fe (as libvirt's taps do) never changes a bridge's address.
     */
    static String vethHostMac(NetworkRecord net) {
        String id = net.id();
        return "fe:76:73:" + id.substring(0, 2) + ":" + id.substring(2, 4) + ":" + id.substring(4, 6);
    }

    static String mtuArg(OptionalInt mtu) {
        return mtu.isPresent() ? " mtu " + mtu.getAsInt() : "";
    }

    static JsonNode parse(String json) {
        try {
            return json.isBlank() ? JSON.createArrayNode() : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected output of ip -j: " + e.getMessage(), e);
        }
    }
}
