package io.virtseed.libvirt.connect;

import io.virtseed.core.error.HypervisorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.domain.DomainSummary;
import io.virtseed.libvirt.domain.DomainXmlReader;
import io.virtseed.libvirt.domain.Ownership;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which domains on a connection belong to one state folder. Every method runs on a libvirt
 * pool thread; domains that vanish between two calls count as absent.
 */
final class DomainOwners {

    private static final Logger LOG = LoggerFactory.getLogger(DomainOwners.class);

    private final Connect conn;
    private final String uri;
    private final Path stateRoot;
    private final DomainXmlReader reader = new DomainXmlReader();
    private final DomainNatives natives;
    /** {@code VIR_ERR_NO_DOMAIN_METADATA} of libvirt's {@code virErrorNumber}: the domain has no such element. */
    private static final int NO_DOMAIN_METADATA = 80;

    DomainOwners(Connect conn, DomainNatives natives, String uri, Path stateRoot) {
        this.conn = conn;
        this.natives = natives;
        this.uri = uri;
        this.stateRoot = stateRoot;
    }

    Optional<Domain> lookup(String name) throws LibvirtException {
        try {
            return Optional.of(conn.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    DomainSummary summary(Domain dom) throws LibvirtException {
        return reader.read(dom.getXMLDesc(0));
    }

    /** The domain's tag; refuses a domain virtseed did not make, whatever state folder asks. */
    Ownership requireTag(Domain dom, String name) throws LibvirtException {
        return tag(dom).orElseThrow(() -> new HypervisorException("domain '" + name + "' on " + uri
                + " was not made by virtseed (it has no virtseed tag in <metadata>); leaving it alone"));
    }

    /** The domain's summary; refuses a domain virtseed did not make, whatever state folder asks. */
    DomainSummary requireTagged(Domain dom, String name) throws LibvirtException {
        DomainSummary s = summary(dom);
        if (s.ownership().isEmpty()) {
            throw new HypervisorException("domain '" + name + "' on " + uri
                    + " was not made by virtseed (it has no virtseed tag in <metadata>); leaving it alone");
        }
        return s;
    }

    /** Tagged by virtseed for this state folder. */
    boolean belongsHere(DomainSummary s) {
        return s.ownership().filter(o -> o.belongsTo(stateRoot)).isPresent();
    }

    /** Tagged by virtseed for this state folder, from the tag alone. */
    boolean belongsHere(Domain dom) throws LibvirtException {
        return tag(dom).filter(o -> o.belongsTo(stateRoot)).isPresent();
    }

    /**
     * virtseed's tag of the domain, asked of libvirt alone ({@code virDomainGetMetadata}) rather
     * than read from the whole domain XML, which costs several times more to fetch and parse and
     * is asked for every guest on every {@code ls}. Falls back to the whole XML where the native
     * handle is hidden or the call fails for another reason than a missing tag, so a domain that
     * vanished meanwhile still raises libvirt's own error.
     */
    Optional<Ownership> tag(Domain dom) throws LibvirtException {
        Pointer p = DomainPointers.of(dom);
        if (p != null) {
            Pointer xml = natives.virDomainGetMetadata(p, DomainNatives.METADATA_ELEMENT, Ownership.NAMESPACE, 0);
            if (xml != null) {
                try {
                    return reader.readTag(xml.getString(0), dom.getName());
                } finally {
                    Native.free(Pointer.nativeValue(xml));
                }
            }
            virError last = natives.virGetLastError();
            if (last != null && last.code == NO_DOMAIN_METADATA) {
                return Optional.empty();
            }
        }
        return summary(dom).ownership();
    }

    /** The names of this state folder's domains, active and inactive, sorted. */
    List<InstanceName> ownedNames() throws LibvirtException {
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
    }

    /**
     * The states of the named domains that are ours, from one listing: a name with no domain costs
     * nothing more, a domain of that name costs its ownership check and its state.
     */
    Map<InstanceName, MachineStatus> ownedStates(Set<InstanceName> names) throws LibvirtException {
        Map<String, InstanceName> wanted = new HashMap<>();
        names.forEach(n -> wanted.put(n.value(), n));
        Domain[] all = conn.listAllDomains(0); // 0: active and inactive alike
        Map<InstanceName, MachineStatus> out = new HashMap<>();
        try {
            for (Domain dom : all) {
                InstanceName name = wanted.get(dom.getName()); // the handle knows its name: no round trip
                if (name != null) {
                    stateIfOurs(dom).ifPresent(s -> out.put(name, s));
                }
            }
        } finally {
            for (Domain dom : all) {
                DomainHandles.free(dom);
            }
        }
        return out;
    }

    /** The domain's state when it is ours; empty for another folder's, a foreign one, or one that vanished. */
    Optional<MachineStatus> stateIfOurs(Domain dom) throws LibvirtException {
        try {
            if (!belongsHere(dom)) {
                return Optional.empty();
            }
            return Optional.of(DomainPointers.status(natives, dom));
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The instance name of a domain we own; empty for others' domains and ones that vanished meanwhile. */
    private Optional<InstanceName> ownerName(Domain dom) throws LibvirtException {
        try {
            if (!belongsHere(dom)) {
                return Optional.empty();
            }
            // by the domain's own name, which is what every lookup uses, even if someone renamed it
            return Optional.of(InstanceName.of(dom.getName()));
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
}
