package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.testing.HypervisorContract;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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

    /** libvirt's test driver has no consoles: the call is refused with libvirt's reason, not hung or crashed. */
    @Override
    @Test
    protected void aSecondConsoleClientIsRefusedUnlessItForces() {
        HV.define(request(NAME));
        HV.start(NAME);
        assertThatThrownBy(() -> HV.openConsole(NAME, false)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("cannot open the console of " + NAME);
    }

    @AfterAll
    static void close() {
        HV.close();
        OTHER.close();
    }
}
