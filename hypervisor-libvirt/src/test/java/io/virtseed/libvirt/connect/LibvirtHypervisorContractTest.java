package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.testing.HypervisorContract;
import org.junit.jupiter.api.AfterAll;

/** The hypervisor contract against libvirt's in-process test driver, whose state all connections share. */
class LibvirtHypervisorContractTest extends HypervisorContract {

    private static final LibvirtHypervisor HV = new LibvirtHypervisor("test:///default", ROOT);
    private static final LibvirtHypervisor OTHER = new LibvirtHypervisor("test:///default", OTHER_ROOT);

    @Override
    protected Hypervisor hypervisor() {
        return HV;
    }

    @Override
    protected Hypervisor otherStateFolder() {
        return OTHER;
    }

    @AfterAll
    static void close() {
        HV.close();
        OTHER.close();
    }
}
