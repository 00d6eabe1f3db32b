package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.testing.HypervisorContract;
import org.junit.jupiter.api.AfterAll;

/** The hypervisor contract against libvirt's in-process test driver. */
class LibvirtHypervisorContractTest extends HypervisorContract {

    private static final LibvirtHypervisor HV = new LibvirtHypervisor("test:///default");

    @Override
    protected Hypervisor hypervisor() {
        return HV;
    }

    @AfterAll
    static void close() {
        HV.close();
    }
}
