package io.virtseed.network.linux;

import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.testing.NetworkProvisionerContract;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provisioner contract against real bridges, namespaces, iptables and dnsmasq. */
class LinuxNetworkProvisionerContractIT extends NetworkProvisionerContract {

    @TempDir
    Path temp;

    private final LinuxNetworkProvisioner networks = new LinuxNetworkProvisioner(TestHost.RUNNER);

    @BeforeEach
    void host() {
        TestHost.require();
    }

    @Override
    protected NetworkProvisioner provisioner() {
        return networks;
    }

    @Override
    protected NetworkContext newNetwork(String name, NetworkMode mode) throws Exception {
        return TestHost.context(NetworkSpec.of(name, TestHost.freeCidr(), mode), temp);
    }

    @Override
    protected Map<MacAddress, IpAddress> served(NetworkContext network) {
        return networks.reservations(network);
    }

    /** Up means all of it: bridge, namespace and a running dnsmasq. */
    @Override
    protected boolean isUp(NetworkContext network) {
        var found = new HostScan(TestHost.RUNNER, HostPaths.SYSTEM).find(network);
        return found.contains("link " + network.record().bridge()) && found.contains("namespace " + network.record().namespace())
                && networks.dhcpServerPid(network).isPresent();
    }
}
