package io.virtseed.libvirt.connect;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.design.DesignerSettings;
import io.virtseed.libvirt.design.DomainDesigner;
import io.virtseed.libvirt.domain.DomainSummary;
import io.virtseed.libvirt.domain.DomainXmlWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Hypervisor} on one libvirt connection, for one state folder. Every call runs on a
 * small platform-thread pool. Domains without virtseed's ownership tag are never changed or
 * removed; domains tagged for another state folder are invisible: not listed, not reported,
 * left alone by every removal, and their names are refused to {@code define}.
 *
 * <pre>{@code try (var hv = new LibvirtHypervisor("qemu:///system", Path.of("/var/lib/virtseed"))) {
 *     hv.define(request); hv.start(name); }}</pre>
 */
public final class LibvirtHypervisor implements Hypervisor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHypervisor.class);
    private static final int POOL_THREADS = 4;

    private final String uri;
    private final Path stateRoot;
    private final DomainDesigner designer;
    private final String arch;
    private final DomainXmlWriter writer = new DomainXmlWriter();
    private final LibvirtExecutor calls = new LibvirtExecutor(POOL_THREADS);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** An answer of {@link #kvmUsable} asked ahead ({@link #askKvmAhead}), for the next call to take. */
    private final AtomicReference<FutureTask<Boolean>> kvmAhead = new AtomicReference<>();
    /** The last ask ahead, still running perhaps, which {@link #close} waits for; guarded by itself. */
    private final AtomicReference<FutureTask<Boolean>> kvmAsked = new AtomicReference<>();
    private final DefineXmlFlags natives;
    private final DomainNatives domainNatives;
    private final RawConnect conn;
    private final DomainOwners domains;

    /** Connects to {@code uri} (e.g. {@code qemu:///system}, {@code test:///default}) with the default design. */
    public LibvirtHypervisor(String uri, Path stateRoot) {
        this(uri, stateRoot, DesignerSettings.defaults());
    }

    /** @param stateRoot the state folder whose guests this adapter sees and tags */
    public LibvirtHypervisor(String uri, Path stateRoot, DesignerSettings design) {
        this.uri = uri;
        this.stateRoot = stateRoot.toAbsolutePath().normalize();
        this.designer = new DomainDesigner(design, this.stateRoot);
        this.arch = design.arch();
        try {
            this.natives = Native.load("virt", DefineXmlFlags.class);
            this.domainNatives = Native.load("virt", DomainNatives.class);
            this.conn = calls.call("cannot connect to libvirt at " + uri, () -> {
                LibvirtRuntime.ensureStarted();
                return new RawConnect(uri);
            });
            this.domains = new DomainOwners(conn, domainNatives, uri, this.stateRoot);
        } catch (RuntimeException e) {
            calls.close();
            throw e;
        } catch (LinkageError e) {
            calls.close();
            throw new HypervisorException("cannot load libvirt's C library (package libvirt0): " + e.getMessage(), e);
        }
    }

    /**
     * Loads libvirt's C library and makes libvirt-java's and this adapter's bindings of it, and
     * nothing else: no connection, no daemon, no thread. The bindings are JNA proxies of some 300
     * methods whose classes are made at run time, so no AOT cache holds them: some 80 to 120 ms
     * of a fresh JVM, which a command can have done on another thread while it reads its input;
     * the constructor then finds them made. Never throws: a library that cannot be loaded is
     * reported by the first connection, in its words.
     */
    public static void preloadBindings() {
        try {
            Class.forName("org.libvirt.jna.Libvirt", true, LibvirtHypervisor.class.getClassLoader());
            Native.load("virt", DefineXmlFlags.class);
            Native.load("virt", DomainNatives.class);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            LOG.debug("libvirt's bindings not preloaded: {}", e.toString());
        }
    }

    public String uri() {
        return uri;
    }

    /** The state folder whose guests this adapter sees. */
    public Path stateRoot() {
        return stateRoot;
    }

    /**
     * Defines the designer's domain for the request without libvirt's schema validation, which
     * took a third of the define (some 9 to 16 ms): the designer writes a few fixed shapes,
     * {@code DomainRules} checks each design in process, and the tests define every shape the
     * designer can make with validation. libvirt still parses the XML and refuses what it cannot use.
     */
    @Override
    public void define(MachineRequest request) {
        define(designer.design(request), 0);
    }

    /**
     * Defines a domain exactly as given, with libvirt's schema validation. An existing domain of
     * the same name is redefined only when it is ours and has the same uuid.
     */
    public void define(io.virtseed.libvirt.domain.Domain domain) {
        define(domain, DefineXmlFlags.VALIDATE);
    }

    private void define(io.virtseed.libvirt.domain.Domain domain, int flags) {
        String what = "cannot define domain '" + domain.name() + "'";
        if (domain.ownership().isEmpty()) {
            throw new HypervisorException(what + ": it lacks virtseed's ownership tag, so virtseed could never remove it");
        }
        if (!domain.ownership().get().belongsTo(stateRoot)) {
            throw new HypervisorException(what + ": its tag names the state folder " + domain.ownership().get().stateDir()
                    + ", not " + stateRoot);
        }
        String xml = writer.write(domain);
        calls.run(what, () -> {
            Optional<Domain> existing = domains.lookup(domain.name());
            if (existing.isPresent()) {
                try {
                    DomainSummary found = domains.requireTagged(existing.get(), domain.name());
                    if (!domains.belongsHere(found)) {
                        throw new HypervisorException(what + ": a guest of that name on " + uri
                                + " belongs to the state folder " + found.ownership().get().stateDir()
                                + "; choose another name");
                    }
                    if (!found.uuid().equals(domain.uuid())) {
                        throw new HypervisorException(what + ": it exists with uuid " + found.uuid()
                                + ", not " + domain.uuid() + "; undefine it first");
                    }
                } finally {
                    DomainHandles.free(existing.get());
                }
            }
            defineXml(what, xml, flags);
        });
    }

    /** Defines raw XML with schema validation, without any ownership check; for tests of libvirt's own checks. */
    void defineXml(String xml) {
        calls.run("cannot define domain", () -> defineXml("cannot define domain", xml, DefineXmlFlags.VALIDATE));
    }

    /**
     * @throws NotFoundException   when there is no such guest
     * @throws HypervisorException when it is not ours, or libvirt cannot start it
     */
    @Override
    public void start(InstanceName name) {
        onOurs("cannot start " + name, name, () -> {
            throw new NotFoundException("no guest named '" + name + "' of the state folder " + stateRoot + " on " + uri);
        }, dom -> {
            if (dom.isActive() != 1) {
                DomainHandles.retryingFirewall(dom::create);
            }
        });
    }

    @Override
    public void shutdown(InstanceName name) {
        onOurs("cannot shut down " + name, name, NOTHING, dom -> {
            if (dom.isActive() == 1) {
                DomainHandles.ignoreInvalidState(dom::shutdown);
            }
        });
    }

    @Override
    public void destroy(InstanceName name) {
        onOurs("cannot destroy " + name, name, NOTHING, dom -> {
            if (dom.isActive() == 1) {
                DomainHandles.ignoreInvalidState(dom::destroy);
            }
        });
    }

    @Override
    public void undefine(InstanceName name) {
        onOurs("cannot undefine " + name, name, NOTHING, DomainHandles::undefineEverything);
    }

    @Override
    public void reboot(InstanceName name) {
        onOurs("cannot reboot " + name, name, () -> {
            throw notFound(name);
        }, dom -> {
            if (dom.isActive() != 1) {
                throw new HypervisorException("cannot reboot " + name + ": domain is not running");
            }
            dom.reboot(0); // the hypervisor's default: ACPI where the guest listens
        });
    }

    /** {@code VIR_DOMAIN_AFFECT_LIVE}: the running guest only; its definition keeps the same path anyway. */
    private static final int AFFECT_LIVE = 1;

    @Override
    public boolean reloadDrive(InstanceName name, Path drive) {
        boolean[] swapped = {true};
        onOurs("cannot reload the drive of " + name, name, () -> {
            throw notFound(name);
        }, dom -> {
            if (dom.isActive() != 1) {
                return; // read at the next start
            }
            Path wanted = drive.toAbsolutePath().normalize();
            Optional<DomainSummary.DiskSummary> cdrom = domains.summary(dom).disks().stream()
                    .filter(d -> d.device().equals("cdrom") && d.source().map(p -> p.equals(wanted)).orElse(false))
                    .findFirst();
            if (cdrom.isEmpty()) {
                swapped[0] = false;
                return;
            }
            String dev = cdrom.get().targetDev();
            String bus = cdrom.get().bus();
            // the same path again would be no change to libvirt: eject, then insert the new file
            dom.updateDeviceFlags(writer.cdrom(Optional.empty(), dev, bus), AFFECT_LIVE);
            dom.updateDeviceFlags(writer.cdrom(Optional.of(wanted), dev, bus), AFFECT_LIVE);
        });
        return swapped[0];
    }

    @Override
    public GuestConsole openConsole(InstanceName name, boolean force) {
        String what = "cannot open the console of " + name;
        GuestConsole[] opened = new GuestConsole[1];
        onOurs(what, name, () -> {
            throw notFound(name);
        }, dom -> {
            if (dom.isActive() != 1) {
                throw new HypervisorException(what + ": domain is not running");
            }
            Pointer domain = DomainPointers.of(dom);
            if (domain == null) {
                throw new HypervisorException(what + ": this libvirt-java hides the domain's native handle");
            }
            Pointer stream = domainNatives.virStreamNew(conn.pointer(), 0);
            if (stream == null) {
                throw LibvirtErrors.fromLastError(what, natives.virGetLastError());
            }
            int flags = DomainNatives.CONSOLE_SAFE | (force ? DomainNatives.CONSOLE_FORCE : 0);
            if (domainNatives.virDomainOpenConsole(domain, null, stream, flags) != 0) {
                HypervisorException e = LibvirtErrors.fromLastError(what, natives.virGetLastError());
                domainNatives.virStreamFree(stream);
                throw e;
            }
            opened[0] = new LibvirtConsole(domainNatives, stream, name.value());
        });
        return opened[0];
    }

    /**
     * libvirt's lifecycle events of this state folder's domains. libvirt calls back on its event
     * loop thread, which must not wait on the daemon: the callback only queues the event, and one
     * thread of its own, in order, checks the domain is ours and hands it on.
     */
    @Override
    public AutoCloseable watch(Consumer<MachineEvent> listener) {
        java.util.concurrent.ExecutorService inOrder = java.util.concurrent.Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("virtseed-libvirt-watch").factory());
        LifecycleListener callback = (dom, event) -> {
            try {
                String name = dom.getName(); // the handle knows it: no round trip
                MachineEvent e = new MachineEvent(InstanceName.of(name), Instant.now(),
                        DomainReasons.word(event.getType()), DomainReasons.word((Enum<?>) event.getDetail()));
                inOrder.execute(() -> deliverIfOurs(e, listener));
            } catch (IllegalArgumentException | LibvirtException | java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("lifecycle event not handled: {}", e.getMessage());
            } finally {
                DomainHandles.free(dom);
            }
            return 0;
        };
        calls.run("cannot watch the guests on " + uri, () -> conn.addLifecycleListener(callback));
        return () -> {
            try {
                calls.run("cannot stop watching the guests on " + uri, () -> conn.removeLifecycleListener(callback));
            } finally {
                inOrder.shutdown();
            }
        };
    }

    /**
     * Hands the event on when the domain is ours. A domain that is already gone (undefined, or a
     * transient one that stopped) can no longer be checked, so its last events are not reported.
     */
    private void deliverIfOurs(MachineEvent e, Consumer<MachineEvent> listener) {
        boolean ours;
        try {
            ours = calls.call("cannot check the owner of " + e.name(), () -> {
                Optional<Domain> found = domains.lookup(e.name().value());
                if (found.isEmpty()) {
                    return false;
                }
                try {
                    return domains.belongsHere(found.get());
                } finally {
                    DomainHandles.free(found.get());
                }
            });
        } catch (RuntimeException ex) {
            LOG.debug("lifecycle event of {} dropped: {}", e.name(), ex.getMessage());
            return;
        }
        if (ours) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("a lifecycle event listener failed on {}: {}", e.text(), ex.toString());
            }
        }
    }

    private NotFoundException notFound(InstanceName name) {
        return new NotFoundException("no guest named '" + name + "' of the state folder " + stateRoot + " on " + uri);
    }

    @Override
    public Optional<MachineStatus> status(InstanceName name) {
        return calls.call("cannot read the state of " + name, () -> {
            Optional<Domain> found = domains.lookup(name.value());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try {
                return domains.stateIfOurs(found.get());
            } finally {
                DomainHandles.free(found.get());
            }
        });
    }

    /**
     * The guest's domain XML as libvirt holds it now ({@code virsh dumpxml}): for a report of a
     * failed run. Empty when there is no such guest of ours; another tool's guest is refused.
     */
    public Optional<String> domainXml(InstanceName name) {
        String[] xml = new String[1];
        onOurs("cannot read the domain XML of " + name, name, NOTHING, dom -> xml[0] = dom.getXMLDesc(0));
        return Optional.ofNullable(xml[0]);
    }

    @Override
    public Map<InstanceName, MachineStatus> states(Set<InstanceName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        return calls.call("cannot list domains", () -> domains.ownedStates(names));
    }

    @Override
    public List<InstanceName> owned() {
        return calls.call("cannot list domains", domains::ownedNames);
    }


    /** libvirt's test driver only records domains: no guest runs, so no console is ever written. */
    @Override
    public boolean logsConsole() {
        return !uri.startsWith("test:");
    }

    /**
     * Asks the connected host, not this machine (see {@link KvmCapability}): the host may be remote,
     * or a daemon that cannot open {@code /dev/kvm} although we could.
     */
    @Override
    public boolean kvmUsable() {
        FutureTask<Boolean> ahead = kvmAhead.getAndSet(null);
        if (ahead != null) {
            try {
                return ahead.get();
            } catch (ExecutionException e) {
                // asked again below, which reports the error as the adapter words it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException("interrupted while reading the capabilities of " + uri, e);
            }
        }
        return askKvm();
    }

    /** The daemon's answer, unless this machine's CPU already says no for a local daemon. */
    private boolean askKvm() {
        if (HostKvm.ruledOut(uri)) {
            return false;
        }
        return calls.call("cannot read the capabilities of " + uri, () -> KvmCapability.usable(natives, conn, arch));
    }

    /**
     * Asks {@link #kvmUsable} now, on the calling thread, for the next call of it to take the
     * answer (waiting for it if it is not in yet) rather than ask libvirt again: for a command
     * that will ask soon and has a thread with nothing else to do meanwhile (the host's domain
     * capabilities, some 10 to 40 ms, then overlap the command's own first lookup). Never throws.
     */
    public void askKvmAhead() {
        FutureTask<Boolean> task = new FutureTask<>(this::askKvm);
        synchronized (kvmAsked) {
            if (closed.get()) {
                return; // close came first: nothing to ask on
            }
            kvmAsked.set(task);
            kvmAhead.set(task);
        }
        task.run(); // a failure stays in the task: the next kvmUsable asks again and reports it
    }

    @Override
    public boolean uefiAvailable(MachineType machine) {
        return calls.call("cannot read the domain capabilities of " + uri,
                () -> FirmwareCapability.uefi(natives, conn, arch, machine.libvirtName()));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        FutureTask<Boolean> asked;
        synchronized (kvmAsked) {
            asked = kvmAsked.get();
        }
        if (asked != null) {
            try {
                asked.get(); // the connection is closed only once no call is left on it
            } catch (ExecutionException e) {
                // its error is no concern of the close
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            int refs = calls.call("cannot close the libvirt connection", conn::close);
            if (refs > 0) {
                LOG.debug("libvirt connection to {} closed with {} reference(s) still held", uri, refs);
            }
        } finally {
            calls.close();
        }
    }

    /** A domain action; runs on a libvirt pool thread with the domain checked to be ours. */
    /** What removing an absent guest does: nothing, removal is idempotent. */
    private static final Runnable NOTHING = () -> { };

    @FunctionalInterface
    private interface OwnedAction {
        void apply(Domain dom) throws LibvirtException;
    }

    /**
     * Looks the domain up, refuses it when virtseed did not make it, applies the action; a vanished
     * domain, or one of another state folder, means {@code ifAbsent}.
     */
    private void onOurs(String what, InstanceName name, Runnable ifAbsent, OwnedAction action) {
        calls.run(what, () -> {
            Optional<Domain> found = domains.lookup(name.value());
            if (found.isEmpty()) {
                ifAbsent.run();
                return;
            }
            try {
                if (!domains.requireTag(found.get(), name.value()).belongsTo(stateRoot)) {
                    ifAbsent.run();
                    return;
                }
                action.apply(found.get());
            } catch (LibvirtException e) {
                if (!LibvirtErrors.isNoDomain(e)) {
                    throw e;
                }
                ifAbsent.run();
            } finally {
                DomainHandles.free(found.get());
            }
        });
    }

    private void defineXml(String what, String xml, int flags) {
        Pointer defined = natives.virDomainDefineXMLFlags(conn.pointer(), xml, flags);
        if (defined == null) {
            throw LibvirtErrors.fromLastError(what, natives.virGetLastError());
        }
        natives.virDomainFree(defined);
    }
}
