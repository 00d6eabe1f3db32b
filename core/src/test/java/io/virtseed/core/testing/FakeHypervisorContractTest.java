package io.virtseed.core.testing;

import io.virtseed.core.ports.Hypervisor;

class FakeHypervisorContractTest extends HypervisorContract {

    private final FakeHypervisor hv = new FakeHypervisor(ROOT);
    private final FakeHypervisor other = hv.sameHost(OTHER_ROOT);

    @Override
    protected Hypervisor hypervisor() {
        return hv;
    }

    @Override
    protected Hypervisor otherStateFolder() {
        return other;
    }
}
