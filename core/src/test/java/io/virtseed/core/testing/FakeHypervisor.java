package io.virtseed.core.testing;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory hypervisor with libvirt's rules that matter to callers: names are unique on the
 * host, undefining a running guest leaves it running as a transient guest (gone once it stops),
 * removal of what is gone succeeds, and guests of another state folder are invisible. Views made
 * by {@link #sameHost(Path)} share one host, as two virtseeds on one libvirt do. Operations named
 * in {@link #failOn} throw before they act, those in {@link #failAfter} once they have acted (the
 * half-done work a timeout or a lost connection leaves), to test rollback.
 */
public final class FakeHypervisor implements Hypervisor {

    /** The state folder a fake made with the no-argument constructor owns. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/virtseed");

    private final Host host;
    private final Path root;
    private final Set<String> failOn = ConcurrentHashMap.newKeySet();
    private final Set<String> failAfter = ConcurrentHashMap.newKeySet();
    private boolean kvm;
    private boolean uefi;

    /** One guest as the host knows it. */
    private static final class Guest {
        MachineRequest request;
        final Path root;
        MachineState state = MachineState.SHUTOFF;
        boolean persistent = true;

        Guest(MachineRequest request, Path root) {
            this.request = request;
            this.root = root;
        }
    }

    /** The guests of every state folder; one lock, as one libvirtd serialises its calls. */
    private static final class Host {
        final Map<InstanceName, Guest> guests = new LinkedHashMap<>();
    }

    public FakeHypervisor() {
        this(new Host(), DEFAULT_ROOT);
    }

    public FakeHypervisor(Path stateRoot) {
        this(new Host(), stateRoot);
    }

    private FakeHypervisor(Host host, Path root) {
        this.host = host;
        this.root = root.toAbsolutePath().normalize();
    }

    /** Another state folder's view of the same host. */
    public FakeHypervisor sameHost(Path stateRoot) {
        return new FakeHypervisor(host, stateRoot);
    }

    /** Makes the named operation ({@code define}, {@code start}, ...) throw from now on. */
    public FakeHypervisor failOn(String operation) {
        failOn.add(operation);
        return this;
    }

    /** Makes the named operation act, then throw, from now on. */
    public FakeHypervisor failAfter(String operation) {
        failAfter.add(operation);
        return this;
    }

    /** Lets every operation succeed again. */
    public FakeHypervisor clearFailures() {
        failOn.clear();
        failAfter.clear();
        return this;
    }

    /** Lets a test play a guest that ignores ACPI, as one without an OS listening does. */
    public FakeHypervisor ignoringShutdown() {
        this.ignoresShutdown = true;
        return this;
    }

    private volatile boolean ignoresShutdown;

    public FakeHypervisor withKvm(boolean usable) {
        this.kvm = usable;
        return this;
    }

    /** Whether the fake host has UEFI firmware; like libvirt's test driver, it has none by default. */
    public FakeHypervisor withUefi(boolean available) {
        this.uefi = available;
        return this;
    }

    private void maybeFail(String op) {
        if (failOn.contains(op)) {
            throw new HypervisorException("injected failure in " + op);
        }
    }

    private void maybeFailAfter(String op) {
        if (failAfter.contains(op)) {
            throw new HypervisorException("injected failure after " + op);
        }
    }

    /** Our guest of that name; empty when there is none or it belongs to another state folder. */
    private Optional<Guest> ours(InstanceName name) {
        return Optional.ofNullable(host.guests.get(name)).filter(g -> g.root.equals(root));
    }

    @Override
    public void define(MachineRequest request) {
        synchronized (host) {
            maybeFail("define");
            Guest existing = host.guests.get(request.name());
            if (existing != null && !existing.root.equals(root)) {
                throw new HypervisorException("cannot define domain '" + request.name() + "': it belongs to the"
                        + " state folder " + existing.root);
            }
            if (existing == null) {
                host.guests.put(request.name(), new Guest(request, root));
            } else {
                existing.request = request;
                existing.persistent = true;
            }
            maybeFailAfter("define");
        }
    }

    @Override
    public void start(InstanceName name) {
        synchronized (host) {
            maybeFail("start");
            ours(name).orElseThrow(() -> new NotFoundException("no guest named '" + name + "'")).state =
                    MachineState.RUNNING;
            maybeFailAfter("start");
        }
    }

    @Override
    public void shutdown(InstanceName name) {
        synchronized (host) {
            maybeFail("shutdown");
            if (!ignoresShutdown) {
                ours(name).ifPresent(this::stop);
            }
            maybeFailAfter("shutdown");
        }
    }

    @Override
    public void destroy(InstanceName name) {
        synchronized (host) {
            maybeFail("destroy");
            ours(name).ifPresent(this::stop);
            maybeFailAfter("destroy");
        }
    }

    private void stop(Guest g) {
        g.state = MachineState.SHUTOFF;
        if (!g.persistent) {
            host.guests.remove(g.request.name());
        }
    }

    @Override
    public void undefine(InstanceName name) {
        synchronized (host) {
            maybeFail("undefine");
            ours(name).ifPresent(g -> {
                if (g.state == MachineState.SHUTOFF) {
                    host.guests.remove(name);
                } else {
                    g.persistent = false; // libvirt: a running guest lives on, transient, until it stops
                }
            });
            maybeFailAfter("undefine");
        }
    }

    @Override
    public Optional<MachineState> state(InstanceName name) {
        synchronized (host) {
            maybeFail("state");
            return ours(name).map(g -> g.state);
        }
    }

    @Override
    public Map<InstanceName, MachineState> states(Set<InstanceName> names) {
        synchronized (host) {
            maybeFail("states");
            Map<InstanceName, MachineState> out = new LinkedHashMap<>();
            for (InstanceName n : names) {
                ours(n).ifPresent(g -> out.put(n, g.state));
            }
            return out;
        }
    }

    @Override
    public List<InstanceName> owned() {
        synchronized (host) {
            return host.guests.values().stream().filter(g -> g.root.equals(root)).map(g -> g.request.name())
                    .sorted().toList();
        }
    }

    @Override
    public boolean kvmUsable() {
        return kvm;
    }

    @Override
    public boolean uefiAvailable(MachineType machine) {
        return uefi;
    }

    /** What the guest was defined with, for assertions. */
    public Optional<MachineRequest> definition(InstanceName name) {
        synchronized (host) {
            return ours(name).map(g -> g.request);
        }
    }

    /** Lets a test play the guest: power it off as if it shut down by itself. */
    public void powerOff(InstanceName name) {
        synchronized (host) {
            ours(name).ifPresent(this::stop);
        }
    }
}
