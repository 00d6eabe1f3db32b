package io.virtseed.cli;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real hypervisor whose calls can be made to fail: before they act ({@link #failBefore}), as a
 * refused call does, or after ({@link #failAfter}), as a call that timed out or lost its
 * connection once libvirt had done the work.
 */
final class BreakingHypervisor implements Hypervisor {

    private final Hypervisor real;
    private final Set<String> before = ConcurrentHashMap.newKeySet();
    private final Set<String> after = ConcurrentHashMap.newKeySet();

    BreakingHypervisor(Hypervisor real) {
        this.real = real;
    }

    BreakingHypervisor failBefore(String op) {
        before.add(op);
        return this;
    }

    BreakingHypervisor failAfter(String op) {
        after.add(op);
        return this;
    }

    void heal() {
        before.clear();
        after.clear();
    }

    private void call(String op, Runnable action) {
        if (before.contains(op)) {
            throw new HypervisorException("injected failure in " + op);
        }
        action.run();
        if (after.contains(op)) {
            throw new HypervisorException("injected failure after " + op);
        }
    }

    @Override
    public void define(MachineRequest request) {
        call("define", () -> real.define(request));
    }

    @Override
    public void start(InstanceName name) {
        call("start", () -> real.start(name));
    }

    @Override
    public void shutdown(InstanceName name) {
        call("shutdown", () -> real.shutdown(name));
    }

    @Override
    public void destroy(InstanceName name) {
        call("destroy", () -> real.destroy(name));
    }

    @Override
    public void undefine(InstanceName name) {
        call("undefine", () -> real.undefine(name));
    }

    @Override
    public void reboot(InstanceName name) {
        call("reboot", () -> real.reboot(name));
    }

    @Override
    public Optional<MachineStatus> status(InstanceName name) {
        return real.status(name);
    }

    @Override
    public Map<InstanceName, MachineStatus> states(Set<InstanceName> names) {
        return real.states(names);
    }

    @Override
    public boolean reloadDrive(InstanceName name, java.nio.file.Path drive) {
        return real.reloadDrive(name, drive);
    }

    @Override
    public GuestConsole openConsole(InstanceName name, boolean force) {
        return real.openConsole(name, force);
    }

    @Override
    public AutoCloseable watch(java.util.function.Consumer<MachineEvent> listener) {
        return real.watch(listener);
    }

    @Override
    public List<InstanceName> owned() {
        return real.owned();
    }

    @Override
    public boolean kvmUsable() {
        return real.kvmUsable();
    }

    @Override
    public boolean uefiAvailable(MachineType machine) {
        return real.uefiAvailable(machine);
    }
}
