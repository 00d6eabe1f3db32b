package io.virtseed.libvirt.connect;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.design.DesignerSettings;
import io.virtseed.libvirt.design.DomainDesigner;
import io.virtseed.libvirt.domain.DomainSummary;
import io.virtseed.libvirt.domain.DomainXmlReader;
import io.virtseed.libvirt.domain.DomainXmlWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Hypervisor} on one libvirt connection. Every call runs on a small platform-thread
 * pool; domains without virtseed's ownership tag are never changed or removed.
 *
 * <pre>{@code try (var hv = new LibvirtHypervisor("qemu:///system")) { hv.define(request); hv.start(name); }}</pre>
 */
public final class LibvirtHypervisor implements Hypervisor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHypervisor.class);
    private static final int POOL_THREADS = 4;

    private final String uri;
    private final DomainDesigner designer;
    private final KvmProbe kvm;
    private final DomainXmlWriter writer = new DomainXmlWriter();
    private final DomainXmlReader reader = new DomainXmlReader();
    private final LibvirtExecutor calls = new LibvirtExecutor(POOL_THREADS);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DefineXmlFlags natives;
    private final RawConnect conn;

    /** Connects to {@code uri} (e.g. {@code qemu:///system}, {@code test:///default}) with the default design. */
    public LibvirtHypervisor(String uri) {
        this(uri, new DomainDesigner(DesignerSettings.defaults()), KvmProbe.host());
    }

    public LibvirtHypervisor(String uri, DomainDesigner designer, KvmProbe kvm) {
        this.uri = uri;
        this.designer = designer;
        this.kvm = kvm;
        try {
            this.natives = Native.load("virt", DefineXmlFlags.class);
            this.conn = calls.call("cannot connect to libvirt at " + uri, () -> {
                LibvirtRuntime.ensureStarted();
                return new RawConnect(uri);
            });
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
        String xml = writer.write(domain);
        calls.call(what, () -> {
            Optional<Domain> existing = lookup(domain.name());
            if (existing.isPresent()) {
                try {
                    DomainSummary found = requireOurs(existing.get(), domain.name());
                    if (!found.uuid().equals(domain.uuid())) {
                        throw new HypervisorException(what + ": it exists with uuid " + found.uuid()
                                + ", not " + domain.uuid() + "; undefine it first");
                    }
                } finally {
                    DomainHandles.free(existing.get());
                }
            }
            defineValidated(what, xml);
            return null;
        });
    }

    /** Defines raw XML with schema validation, without any ownership check; for tests of libvirt's own checks. */
    void defineXml(String xml) {
        calls.call("cannot define domain", () -> {
            defineValidated("cannot define domain", xml);
            return null;
        });
    }

    /**
     * @throws NotFoundException   when there is no such guest
     * @throws HypervisorException when it is not ours, or libvirt cannot start it
     */
    @Override
    public void start(InstanceName name) {
        onOurs("cannot start " + name, name, () -> {
            throw new NotFoundException("no guest named '" + name + "' on " + uri);
        }, dom -> {
            if (dom.isActive() != 1) {
                dom.create();
            }
        });
    }

    @Override
    public void shutdown(InstanceName name) {
        onOurs("cannot shut down " + name, name, () -> null, dom -> {
            if (dom.isActive() == 1) {
                DomainHandles.ignoreInvalidState(dom::shutdown);
            }
        });
    }

    @Override
    public void destroy(InstanceName name) {
        onOurs("cannot destroy " + name, name, () -> null, dom -> {
            if (dom.isActive() == 1) {
                DomainHandles.ignoreInvalidState(dom::destroy);
            }
        });
    }

    @Override
    public void undefine(InstanceName name) {
        onOurs("cannot undefine " + name, name, () -> null, DomainHandles::undefineEverything);
    }

    @Override
    public Optional<MachineState> state(InstanceName name) {
        return calls.call("cannot read the state of " + name, () -> {
            Optional<Domain> found = lookup(name.value());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try {
                if (summary(found.get()).ownership().isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(DomainHandles.toMachineState(found.get().getInfo().state));
            } catch (LibvirtException e) {
                if (LibvirtErrors.isNoDomain(e)) {
                    return Optional.empty();
                }
                throw e;
            } finally {
                DomainHandles.free(found.get());
            }
        });
    }

    @Override
    public List<InstanceName> owned() {
        return calls.call("cannot list domains", () -> {
            Domain[] all = conn.listAllDomains(0); // 0: active and inactive alike
            List<InstanceName> ours = new ArrayList<>();
            try {
                for (Domain dom : all) {
                    ownerName(dom).ifPresent(ours::add);
                }
            } finally {
                for (Domain dom : all) {
                    DomainHandles.free(dom);
                }
            }
            ours.sort(Comparator.naturalOrder());
            return List.copyOf(ours);
        });
    }

    @Override
    public boolean kvmUsable() {
        return kvm.usable();
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
    @FunctionalInterface
    private interface OwnedAction {
        void apply(Domain dom) throws LibvirtException;
    }

    /** Looks the domain up, refuses it when not ours, applies the action; a vanished domain means {@code ifAbsent}. */
    private void onOurs(String what, InstanceName name, Supplier<Void> ifAbsent, OwnedAction action) {
        calls.call(what, () -> {
            Optional<Domain> found = lookup(name.value());
            if (found.isEmpty()) {
                return ifAbsent.get();
            }
            try {
                requireOurs(found.get(), name.value());
                action.apply(found.get());
                return null;
            } catch (LibvirtException e) {
                if (LibvirtErrors.isNoDomain(e)) {
                    return ifAbsent.get();
                }
                throw e;
            } finally {
                DomainHandles.free(found.get());
            }
        });
    }

    private Optional<Domain> lookup(String name) throws LibvirtException {
        try {
            return Optional.of(conn.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private DomainSummary summary(Domain dom) throws LibvirtException {
        return reader.read(dom.getXMLDesc(0));
    }

    private DomainSummary requireOurs(Domain dom, String name) throws LibvirtException {
        DomainSummary s = summary(dom);
        if (s.ownership().isEmpty()) {
            throw new HypervisorException("domain '" + name + "' on " + uri
                    + " was not made by virtseed (it has no virtseed tag in <metadata>); leaving it alone");
        }
        return s;
    }

    /** The instance name of a domain we own; empty for others' domains and ones that vanished meanwhile. */
    private Optional<InstanceName> ownerName(Domain dom) throws LibvirtException {
        try {
            DomainSummary s = summary(dom);
            if (s.ownership().isEmpty()) {
                return Optional.empty();
            }
            // by the domain's own name, which is what every lookup uses, even if someone renamed it
            return Optional.of(InstanceName.of(s.name()));
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping a virtseed domain renamed outside virtseed: {}", e.getMessage());
            return Optional.empty();
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        } catch (HypervisorException e) {
            LOG.warn("skipping a domain whose XML cannot be read: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void defineValidated(String what, String xml) {
        Pointer defined = natives.virDomainDefineXMLFlags(conn.pointer(), xml, DefineXmlFlags.VALIDATE);
        if (defined == null) {
            throw LibvirtErrors.fromLastError(what, natives.virGetLastError());
        }
        natives.virDomainFree(defined);
    }
}
