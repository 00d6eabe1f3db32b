package io.virtseed.cli;

import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.provision.Step;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Ports whose implementation is made on their first call. The hypervisor and the host network are
 * wired this way so a command that ends up not needing them (an {@code ls} of no instances, a
 * refused spec) never loads JNA nor starts or reaches the daemon. Delegating classes rather than
 * JDK proxies: a proxy's class is spun at run time, which no AOT cache holds, and each of its
 * methods' first reflective call spins more, together 10 to 30 ms of an {@code up}. Every method
 * of each port, its default methods too, is passed on as it is, which {@code LazyPortsTest}
 * checks method by method; the supplier is asked on each call and decides about caching.
 */
final class LazyPorts {

    private LazyPorts() {
    }

    static Hypervisor hypervisor(Supplier<? extends Hypervisor> make) {
        return new LazyHypervisor(make, () -> false);
    }

    /**
     * As {@link #hypervisor(Supplier)}, where {@code kvmRuledOut} may settle {@link Hypervisor#kvmUsable}
     * (false) before anything is made: this machine's CPU, for a local daemon, so an {@code up} of
     * {@code accel: auto} writes its files while the connection is still being made.
     */
    static Hypervisor hypervisor(Supplier<? extends Hypervisor> make, BooleanSupplier kvmRuledOut) {
        return new LazyHypervisor(make, kvmRuledOut);
    }

    static NetworkProvisioner networks(Supplier<? extends NetworkProvisioner> make) {
        return new LazyNetworks(make);
    }

    static final class LazyHypervisor implements Hypervisor {

        private final Supplier<? extends Hypervisor> make;
        private final BooleanSupplier kvmRuledOut;

        LazyHypervisor(Supplier<? extends Hypervisor> make, BooleanSupplier kvmRuledOut) {
            this.make = make;
            this.kvmRuledOut = kvmRuledOut;
        }

        @Override
        public void define(MachineRequest request) {
            make.get().define(request);
        }

        @Override
        public void start(InstanceName name) {
            make.get().start(name);
        }

        @Override
        public void shutdown(InstanceName name) {
            make.get().shutdown(name);
        }

        @Override
        public void destroy(InstanceName name) {
            make.get().destroy(name);
        }

        @Override
        public void undefine(InstanceName name) {
            make.get().undefine(name);
        }

        @Override
        public void reboot(InstanceName name) {
            make.get().reboot(name);
        }

        @Override
        public boolean reloadDrive(InstanceName name, Path drive) {
            return make.get().reloadDrive(name, drive);
        }

        @Override
        public Optional<MachineStatus> status(InstanceName name) {
            return make.get().status(name);
        }

        @Override
        public Optional<MachineState> state(InstanceName name) {
            return make.get().state(name);
        }

        @Override
        public Map<InstanceName, MachineStatus> states(Set<InstanceName> names) {
            return make.get().states(names);
        }

        @Override
        public GuestConsole openConsole(InstanceName name, boolean force) {
            return make.get().openConsole(name, force);
        }

        @Override
        public AutoCloseable watch(Consumer<MachineEvent> listener) {
            return make.get().watch(listener);
        }

        @Override
        public List<InstanceName> owned() {
            return make.get().owned();
        }

        @Override
        public boolean kvmUsable() {
            return !kvmRuledOut.getAsBoolean() && make.get().kvmUsable();
        }

        @Override
        public boolean uefiAvailable(MachineType machine) {
            return make.get().uefiAvailable(machine);
        }

        @Override
        public boolean logsConsole() {
            return make.get().logsConsole();
        }

        @Override
        public String toString() {
            return "lazy Hypervisor";
        }
    }

    static final class LazyNetworks implements NetworkProvisioner {

        private final Supplier<? extends NetworkProvisioner> make;

        LazyNetworks(Supplier<? extends NetworkProvisioner> make) {
            this.make = make;
        }

        @Override
        public List<String> hostProblems(NetworkContext network) {
            return make.get().hostProblems(network);
        }

        @Override
        public void ensure(NetworkContext network, List<DhcpHost> hosts) {
            make.get().ensure(network, hosts);
        }

        @Override
        public void remove(NetworkContext network) {
            make.get().remove(network);
        }

        @Override
        public void addHost(NetworkContext network, DhcpHost host) {
            make.get().addHost(network, host);
        }

        @Override
        public void removeHost(NetworkContext network, MacAddress mac) {
            make.get().removeHost(network, mac);
        }

        @Override
        public List<Ipv4Cidr> hostRoutes() {
            return make.get().hostRoutes();
        }

        @Override
        public List<HostObject> hostObjects(Path stateRoot) {
            return make.get().hostObjects(stateRoot);
        }

        @Override
        public void removeStrays(Path stateRoot, Set<String> liveIds) {
            make.get().removeStrays(stateRoot, liveIds);
        }

        @Override
        public List<Step> attachSteps(NetworkContext network, Supplier<List<DhcpHost>> current, DhcpHost host) {
            return make.get().attachSteps(network, current, host);
        }

        @Override
        public String toString() {
            return "lazy NetworkProvisioner";
        }
    }
}
