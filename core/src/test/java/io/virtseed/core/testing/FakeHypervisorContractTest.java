package io.virtseed.core.testing;

import io.virtseed.core.ports.Hypervisor;

class FakeHypervisorContractTest extends HypervisorContract {

    private final FakeHypervisor hv = new FakeHypervisor();

    @Override
    protected Hypervisor hypervisor() {
        return hv;
    }
}
