package io.virtseed.core.testing;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
    private boolean logsConsole = true;

    /** One guest as the host knows it. */
    private static final class Guest {
        MachineRequest request;
        final Path root;
        MachineState state = MachineState.SHUTOFF;
        String reason = MachineStatus.UNKNOWN;
        boolean persistent = true;
        EchoConsole console;
        int reboots;
        int driveReloads;

        Guest(MachineRequest request, Path root) {
            this.request = request;
            this.root = root;
        }
    }

    /** The guests of every state folder; one lock, as one libvirtd serialises its calls. */
    private static final class Host {
        final Map<InstanceName, Guest> guests = new LinkedHashMap<>();
        final List<Watch> watches = new CopyOnWriteArrayList<>();
    }

    /** A listener registered by one state folder's view: it hears of that folder's guests only. */
    private record Watch(Path root, Consumer<MachineEvent> listener) {
    }

    private void emit(Guest g, String event, String detail) {
        MachineEvent e = new MachineEvent(g.request.name(), Instant.now(), event, detail);
        for (Watch w : host.watches) {
            if (w.root().equals(g.root)) {
                w.listener().accept(e);
            }
        }
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
    /** As libvirt's test driver: guests run in name only, nothing is written to their console log. */
    public FakeHypervisor withoutConsoleLog() {
        this.logsConsole = false;
        return this;
    }

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
                Guest g = new Guest(request, root);
                host.guests.put(request.name(), g);
                emit(g, "defined", "added");
            } else {
                existing.request = request;
                existing.persistent = true;
                emit(existing, "defined", "updated");
            }
            maybeFailAfter("define");
        }
    }

    @Override
    public void start(InstanceName name) {
        synchronized (host) {
            maybeFail("start");
            Guest g = ours(name).orElseThrow(() -> new NotFoundException("no guest named '" + name + "'"));
            if (g.state != MachineState.RUNNING) {
                g.state = MachineState.RUNNING;
                g.reason = "booted";
                emit(g, "started", "booted");
            }
            maybeFailAfter("start");
        }
    }

    @Override
    public void shutdown(InstanceName name) {
        synchronized (host) {
            maybeFail("shutdown");
            if (!ignoresShutdown) {
                ours(name).filter(g -> g.state != MachineState.SHUTOFF).ifPresent(g -> {
                    emit(g, "shutdown", "finished");
                    stop(g, "shutdown");
                });
            }
            maybeFailAfter("shutdown");
        }
    }

    @Override
    public void destroy(InstanceName name) {
        synchronized (host) {
            maybeFail("destroy");
            ours(name).filter(g -> g.state != MachineState.SHUTOFF).ifPresent(g -> stop(g, "destroyed"));
            maybeFailAfter("destroy");
        }
    }

    private void stop(Guest g, String why) {
        g.state = MachineState.SHUTOFF;
        g.reason = why;
        if (g.console != null) {
            g.console.close();
            g.console = null;
        }
        emit(g, "stopped", why);
        if (!g.persistent) {
            host.guests.remove(g.request.name());
            emit(g, "undefined", "removed");
        }
    }

    @Override
    public void undefine(InstanceName name) {
        synchronized (host) {
            maybeFail("undefine");
            ours(name).ifPresent(g -> {
                if (g.state == MachineState.SHUTOFF) {
                    host.guests.remove(name);
                    emit(g, "undefined", "removed");
                } else {
                    g.persistent = false; // libvirt: a running guest lives on, transient, until it stops
                }
            });
            maybeFailAfter("undefine");
        }
    }

    @Override
    public void reboot(InstanceName name) {
        synchronized (host) {
            maybeFail("reboot");
            Guest g = ours(name).orElseThrow(() -> new NotFoundException("no guest named '" + name + "'"));
            if (g.state != MachineState.RUNNING) {
                throw new HypervisorException("cannot reboot " + name + ": domain is not running");
            }
            g.reason = "booted"; // libvirt keeps the guest running through a reboot: no stop, no start event
            g.reboots++;
        }
    }

    @Override
    public Optional<MachineStatus> status(InstanceName name) {
        synchronized (host) {
            maybeFail("state");
            return ours(name).map(g -> new MachineStatus(g.state, g.reason));
        }
    }

    @Override
    public Map<InstanceName, MachineStatus> states(Set<InstanceName> names) {
        synchronized (host) {
            maybeFail("states");
            Map<InstanceName, MachineStatus> out = new LinkedHashMap<>();
            for (InstanceName n : names) {
                ours(n).ifPresent(g -> out.put(n, new MachineStatus(g.state, g.reason)));
            }
            return out;
        }
    }

    /**
     * The console of a fake guest whose terminal echoes what is typed, as a login prompt does.
     * Like libvirt, a second client is refused unless it forces, which closes the first one.
     */
    @Override
    public GuestConsole openConsole(InstanceName name, boolean force) {
        synchronized (host) {
            Guest g = ours(name).orElseThrow(() -> new NotFoundException("no guest named '" + name + "'"));
            if (g.state != MachineState.RUNNING) {
                throw new HypervisorException("cannot open the console of " + name + ": domain is not running");
            }
            if (g.console != null && g.console.isOpen()) {
                if (!force) {
                    throw new HypervisorException("cannot open the console of " + name
                            + ": Active console session exists for this domain");
                }
                g.console.close();
            }
            g.console = new EchoConsole();
            return g.console;
        }
    }

    @Override
    public AutoCloseable watch(Consumer<MachineEvent> listener) {
        Watch w = new Watch(root, listener);
        host.watches.add(w);
        return () -> host.watches.remove(w);
    }

    @Override
    public boolean reloadDrive(InstanceName name, Path drive) {
        synchronized (host) {
            maybeFail("reloadDrive");
            Guest g = ours(name).orElseThrow(() -> new NotFoundException("no guest named '" + name + "'"));
            if (g.state != MachineState.RUNNING) {
                return true;
            }
            boolean onCdrom = g.request.configDrive().filter(d -> d.path().equals(drive)
                    && d.format() != io.virtseed.core.ports.DriveFormat.VFAT).isPresent();
            if (onCdrom) {
                g.driveReloads++;
            }
            return onCdrom;
        }
    }

    /** How often a running guest's cdrom was made to read its file anew, for assertions. */
    public int driveReloads(InstanceName name) {
        synchronized (host) {
            return ours(name).map(g -> g.driveReloads).orElse(0);
        }
    }

    /** Whether anyone of this state folder watches, for tests of watchers that start in the background. */
    public boolean watching() {
        return host.watches.stream().anyMatch(w -> w.root().equals(root));
    }

    /** How often the guest was rebooted, for assertions. */
    public int reboots(InstanceName name) {
        synchronized (host) {
            return ours(name).map(g -> g.reboots).orElse(0);
        }
    }

    /** Lets a test play a guest that crashes: it stops with libvirt's reason. */
    public void crash(InstanceName name) {
        synchronized (host) {
            ours(name).ifPresent(g -> {
                emit(g, "crashed", "panicked");
                stop(g, "crashed");
            });
        }
    }

    /** An echoing terminal: bytes written are read back, until closed. */
    private static final class EchoConsole implements GuestConsole {
        private final java.util.concurrent.BlockingQueue<byte[]> typed = new java.util.concurrent.LinkedBlockingQueue<>();
        private static final byte[] CLOSED = new byte[0];
        private volatile boolean open = true;
        private byte[] pending = new byte[0];
        private int pos;

        boolean isOpen() {
            return open;
        }

        @Override
        public int read(byte[] buffer) {
            try {
                while (pos >= pending.length) {
                    if (!open && typed.isEmpty()) {
                        return -1;
                    }
                    byte[] next = typed.take();
                    if (next == CLOSED) {
                        return -1;
                    }
                    pending = next;
                    pos = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            int n = Math.min(buffer.length, pending.length - pos);
            System.arraycopy(pending, pos, buffer, 0, n);
            pos += n;
            return n;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (!open) {
                throw new HypervisorException("the console is closed");
            }
            typed.add(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                typed.add(CLOSED);
            }
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

    @Override
    public boolean logsConsole() {
        return logsConsole;
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
            ours(name).filter(g -> g.state != MachineState.SHUTOFF).ifPresent(g -> {
                emit(g, "shutdown", "guest");
                stop(g, "shutdown");
            });
        }
    }
}
