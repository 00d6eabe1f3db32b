package io.virtseed.core.testing;

import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

class FakeNetworksContractTest extends NetworkProvisionerContract {

    private final FakeNetworks networks = new FakeNetworks();
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    protected NetworkProvisioner provisioner() {
        return networks;
    }

    @Override
    protected NetworkContext newNetwork(String name, NetworkMode mode) {
        int n = next.getAndIncrement();
        String id = HexFormat.of().toHexDigits(n).substring(2);
        var spec = NetworkSpec.of(name, Ipv4Cidr.parse("10.99." + n + ".0/24"), mode);
        return new NetworkContext(new NetworkRecord(NetworkRecord.CURRENT_VERSION, id, spec, Optional.empty(), Instant.EPOCH),
                Path.of("/nonexistent/networks", name));
    }

    @Override
    protected Map<MacAddress, IpAddress> served(NetworkContext network) {
        Map<MacAddress, IpAddress> out = new LinkedHashMap<>();
        networks.served(network.record().name()).forEach(h -> out.put(h.mac(), h.ip()));
        return out;
    }

    @Override
    protected boolean isUp(NetworkContext network) {
        return networks.isUp(network.record().name());
    }
}
