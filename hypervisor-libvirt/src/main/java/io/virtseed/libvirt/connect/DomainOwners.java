package io.virtseed.libvirt.connect;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.domain.DomainSummary;
import io.virtseed.libvirt.domain.DomainXmlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
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

    DomainOwners(Connect conn, String uri, Path stateRoot) {
        this.conn = conn;
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

    /** The instance name of a domain we own; empty for others' domains and ones that vanished meanwhile. */
    private Optional<InstanceName> ownerName(Domain dom) throws LibvirtException {
        try {
            DomainSummary s = summary(dom);
            if (!belongsHere(s)) {
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
}
