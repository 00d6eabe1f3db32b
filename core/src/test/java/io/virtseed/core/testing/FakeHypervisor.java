package io.virtseed.core.testing;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.value.InstanceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory hypervisor with libvirt's rules that matter to callers: names are unique,
 * a running guest cannot be undefined, removal of what is gone succeeds. Operations named in
 * {@link #failOn} throw, to test rollback.
 */
public final class FakeHypervisor implements Hypervisor {

    private final Map<InstanceName, MachineRequest> defined = new LinkedHashMap<>();
    private final Map<InstanceName, MachineState> states = new LinkedHashMap<>();
    private final Set<String> failOn = ConcurrentHashMap.newKeySet();
    private boolean kvm;

    /** Makes the named operation ({@code define}, {@code start}, ...) throw from now on. */
    public FakeHypervisor failOn(String operation) {
        failOn.add(operation);
        return this;
    }

    public FakeHypervisor withKvm(boolean usable) {
        this.kvm = usable;
        return this;
    }

    private void maybeFail(String op) {
        if (failOn.contains(op)) {
            throw new HypervisorException("injected failure in " + op);
        }
    }

    @Override
    public synchronized void define(MachineRequest request) {
        maybeFail("define");
        defined.put(request.name(), request);
        states.putIfAbsent(request.name(), MachineState.SHUTOFF);
    }

    @Override
    public synchronized void start(InstanceName name) {
        maybeFail("start");
        if (!defined.containsKey(name)) {
            throw new NotFoundException("no guest named '" + name + "'");
        }
        states.put(name, MachineState.RUNNING);
    }

    @Override
    public synchronized void shutdown(InstanceName name) {
        maybeFail("shutdown");
        if (defined.containsKey(name)) {
            states.put(name, MachineState.SHUTOFF);
        }
    }

    @Override
    public synchronized void destroy(InstanceName name) {
        maybeFail("destroy");
        if (defined.containsKey(name)) {
            states.put(name, MachineState.SHUTOFF);
        }
    }

    @Override
    public synchronized void undefine(InstanceName name) {
        maybeFail("undefine");
        if (states.get(name) == MachineState.RUNNING) {
            throw new HypervisorException("cannot undefine running domain " + name);
        }
        defined.remove(name);
        states.remove(name);
    }

    @Override
    public synchronized Optional<MachineState> state(InstanceName name) {
        return Optional.ofNullable(states.get(name));
    }

    @Override
    public synchronized List<InstanceName> owned() {
        return new ArrayList<>(defined.keySet());
    }

    @Override
    public boolean kvmUsable() {
        return kvm;
    }

    /** What the guest was defined with, for assertions. */
    public synchronized Optional<MachineRequest> definition(InstanceName name) {
        return Optional.ofNullable(defined.get(name));
    }

    /** Lets a test play the guest: power it off as if it shut down by itself. */
    public synchronized void powerOff(InstanceName name) {
        states.computeIfPresent(name, (n, s) -> MachineState.SHUTOFF);
    }
}
