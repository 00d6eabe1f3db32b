package io.virtseed.libvirt.connect;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** What the tests of this package made on a libvirt connection, removed by its name's prefix. */
final class TestDomains {

    private TestDomains() {
    }

    /** Destroys (when running) and undefines every domain whose name starts with {@code prefix}. */
    static void removeAll(Connect conn, String prefix) throws LibvirtException {
        for (Domain d : conn.listAllDomains(0)) {
            try {
                if (d.getName().startsWith(prefix)) {
                    if (d.isActive() == 1) {
                        d.destroy();
                    }
                    d.undefine();
                }
            } finally {
                d.free();
            }
        }
    }
}
