package io.virtseed.core;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What an embedding without a network adapter gets: any network use fails with the reason. */
enum NoNetworks implements NetworkProvisioner {
    INSTANCE;

    @Override
    public List<String> hostProblems(NetworkContext network) {
        return List.of("this virtseed was built without a network adapter: add one with Virtseed.builder(...).networks(...)");
    }

    @Override
    public void ensure(NetworkContext network, List<DhcpHost> hosts) {
        throw new ProvisionException("ensure network " + network.record().name(), hostProblems(network).get(0), null);
    }

    @Override
    public void remove(NetworkContext network) {
        // nothing was made on the host
    }

    @Override
    public void addHost(NetworkContext network, DhcpHost host) {
        ensure(network, List.of(host));
    }

    @Override
    public void removeHost(NetworkContext network, MacAddress mac) {
        // nothing was made on the host
    }

    @Override
    public List<Ipv4Cidr> hostRoutes() {
        return List.of();
    }

    @Override
    public List<HostObject> hostObjects(Path stateRoot) {
        return List.of(); // it makes nothing on the host, so it claims nothing there
    }

    @Override
    public void removeStrays(Path stateRoot, Set<String> liveIds) {
        // nothing was made on the host
    }
}
