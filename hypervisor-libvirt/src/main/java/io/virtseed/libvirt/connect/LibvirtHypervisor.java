package io.virtseed.libvirt.connect;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.design.DesignerSettings;
import io.virtseed.libvirt.design.DomainDesigner;
import io.virtseed.libvirt.domain.DomainSummary;
import io.virtseed.libvirt.domain.DomainXmlWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
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
    private final DefineXmlFlags natives;
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
            this.conn = calls.call("cannot connect to libvirt at " + uri, () -> {
                LibvirtRuntime.ensureStarted();
                return new RawConnect(uri);
            });
            this.domains = new DomainOwners(conn, uri, this.stateRoot);
        } catch (RuntimeException e) {
            calls.close();
            throw e;
        } catch (LinkageError e) {
            calls.close();
            throw new HypervisorException("cannot load libvirt's C library (package libvirt0): " + e.getMessage(), e);
        }
    }

    public String uri() {
        return uri;
    }

    /** The state folder whose guests this adapter sees. */
    public Path stateRoot() {
        return stateRoot;
    }

    @Override
    public void define(MachineRequest request) {
        define(designer.design(request));
    }

    /**
     * Defines a domain exactly as given, with libvirt's schema validation. An existing domain of
     * the same name is redefined only when it is ours and has the same uuid.
     */
    public void define(io.virtseed.libvirt.domain.Domain domain) {
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
            defineValidated(what, xml);
        });
    }

    /** Defines raw XML with schema validation, without any ownership check; for tests of libvirt's own checks. */
    void defineXml(String xml) {
        calls.run("cannot define domain", () -> defineValidated("cannot define domain", xml));
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
    public Optional<MachineState> state(InstanceName name) {
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

    @Override
    public Map<InstanceName, MachineState> states(Set<InstanceName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        return calls.call("cannot list domains", () -> domains.ownedStates(names));
    }

    @Override
    public List<InstanceName> owned() {
        return calls.call("cannot list domains", domains::ownedNames);
    }


    /**
     * Asks the connected host, not this machine (see {@link KvmCapability}): the host may be remote,
     * or a daemon that cannot open {@code /dev/kvm} although we could.
     */
    @Override
    public boolean kvmUsable() {
        return calls.call("cannot read the capabilities of " + uri, () -> KvmCapability.usable(natives, conn, arch));
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
                if (!domains.belongsHere(domains.requireTagged(found.get(), name.value()))) {
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

    private void defineValidated(String what, String xml) {
        Pointer defined = natives.virDomainDefineXMLFlags(conn.pointer(), xml, DefineXmlFlags.VALIDATE);
        if (defined == null) {
            throw LibvirtErrors.fromLastError(what, natives.virGetLastError());
        }
        natives.virDomainFree(defined);
    }
}
