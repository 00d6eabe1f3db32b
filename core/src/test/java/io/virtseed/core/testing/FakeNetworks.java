package io.virtseed.core.testing;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.StateMark;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory network adapter: networks that are "up" and the reservations each serves. Like the
 * real one, every operation is idempotent, and reservations of a network that is not up fail.
 */
public final class FakeNetworks implements NetworkProvisioner {

    private final Map<String, Map<MacAddress, DhcpHost>> up = new LinkedHashMap<>();
    private final List<Ipv4Cidr> routes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Made> host = new ArrayList<>();
    private final Map<String, String> ids = new LinkedHashMap<>();
    private String failOn;

    /** A host object as the fake keeps it: the mark it carries, null for none. */
    private record Made(String kind, String name, String networkId, String mark) {
    }

    /**
     * Puts an object on the "host" as an interrupted run (or another state folder, or another tool)
     * would leave it; {@code markedFor} is the state folder whose mark it carries, null for none.
     */
    public synchronized FakeNetworks withHostObject(String kind, String name, String networkId, Path markedFor) {
        host.add(new Made(kind, name, networkId, markedFor == null ? null : StateMark.of(markedFor).value()));
        return this;
    }

    public FakeNetworks withRoute(String cidr) {
        routes.add(Ipv4Cidr.parse(cidr));
        return this;
    }

    public FakeNetworks withProblem(String problem) {
        problems.add(problem);
        return this;
    }

    /** The next call of this operation ({@code ensure}, {@code addHost}, ...) fails. */
    public void failOn(String op) {
        failOn = op;
    }

    private void maybeFail(String op) {
        calls.add(op);
        if (op.equals(failOn)) {
            failOn = null;
            throw new CommandException(List.of("fake", op), 1, "", "injected failure in " + op);
        }
    }

    @Override
    public List<String> hostProblems(NetworkContext network) {
        return List.copyOf(problems);
    }

    @Override
    public synchronized void ensure(NetworkContext network, List<DhcpHost> hosts) {
        maybeFail("ensure");
        Map<MacAddress, DhcpHost> served = new LinkedHashMap<>();
        hosts.forEach(h -> served.put(h.mac(), h));
        up.put(network.record().name(), served);
        String id = network.record().id();
        ids.put(network.record().name(), id);
        String mark = network.mark().value();
        for (String kind : List.of("link", "namespace")) {
            Made m = new Made(kind, "vs-" + id, id, mark);
            if (!host.contains(m)) {
                host.add(m);
            }
        }
    }

    @Override
    public synchronized void remove(NetworkContext network) {
        maybeFail("remove");
        up.remove(network.record().name());
        host.removeIf(m -> m.networkId().equals(network.record().id()));
    }

    @Override
    public synchronized void addHost(NetworkContext network, DhcpHost host) {
        maybeFail("addHost");
        Map<MacAddress, DhcpHost> served = up.get(network.record().name());
        if (served == null) {
            throw new CommandException(List.of("fake", "addHost"), 1, "", "network " + network.record().name() + " is not up");
        }
        served.put(host.mac(), host);
    }

    @Override
    public synchronized void removeHost(NetworkContext network, MacAddress mac) {
        maybeFail("removeHost");
        Optional.ofNullable(up.get(network.record().name())).ifPresent(m -> m.remove(mac));
    }

    @Override
    public List<Ipv4Cidr> hostRoutes() {
        return List.copyOf(routes);
    }

    @Override
    public synchronized List<HostObject> hostObjects(Path stateRoot) {
        StateMark ours = StateMark.of(stateRoot);
        return host.stream().map(m -> new HostObject(m.kind(), m.name(), m.networkId(), ours.judge(m.mark()))).toList();
    }

    @Override
    public synchronized void removeStrays(Path stateRoot, Set<String> liveIds) {
        maybeFail("removeStrays");
        String ours = StateMark.of(stateRoot).value();
        List<String> gone = host.stream().filter(m -> ours.equals(m.mark()) && !liveIds.contains(m.networkId()))
                .map(Made::networkId).toList();
        host.removeIf(m -> ours.equals(m.mark()) && gone.contains(m.networkId()));
        ids.entrySet().removeIf(e -> {
            boolean reaped = gone.contains(e.getValue());
            if (reaped) {
                up.remove(e.getKey());
            }
            return reaped;
        });
    }

    public synchronized boolean isUp(String network) {
        return up.containsKey(network);
    }

    /** The reservations the network serves now (empty when it is not up). */
    public synchronized List<DhcpHost> served(String network) {
        return List.copyOf(up.getOrDefault(network, Map.of()).values());
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
