package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NwfilterCheckTest {

    private static final String URI = "qemu:///system";

    @Test
    void theStockFiltersAndEbtablesAreOk() {
        Check c = new NwfilterCheck(FakeTools.debianHost(URI).probe(), URI).check(true);
        assertThat(c).isEqualTo(Check.ok("nwfilter", "driver answers; clean-traffic is defined"));
    }

    @Test
    void aDriverOtherThanQemusIsNotAsked() {
        assertThat(new NwfilterCheck(new FakeTools().probe(), "test:///default").check(true).status())
                .isEqualTo(Check.Status.OK);
    }

    @Test
    void aDriverWithoutNwfilterFails() {
        // what libvirt's test driver answers (captured with virsh -c test:///default nwfilter-list); a daemon
        // without the nwfilter driver refuses the call the same way
        var tools = FakeTools.debianHost(URI).fails(1, "error: Failed to count network filters\n"
                + "error: this function is not supported by the connection driver: virConnectNumOfNWFilters\n",
                "virsh", "-c", URI, "nwfilter-list");
        Check c = new NwfilterCheck(tools.probe(), URI).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).endsWith("this function is not supported by the connection driver: virConnectNumOfNWFilters");
    }

    @Test
    void noCleanTrafficFailsWithThePackageThatDefinesIt() {
        String withoutIt = FakeTools.fixture("nwfilter-list.txt").lines()
                .filter(l -> !l.endsWith(" clean-traffic")).reduce("", (a, b) -> a + b + "\n");
        var tools = FakeTools.debianHost(URI).out(withoutIt, "virsh", "-c", URI, "nwfilter-list");
        Check c = new NwfilterCheck(tools.probe(), URI).check(true);
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix().orElseThrow()).contains("libvirt-daemon-config-nwfilter");
    }

    @Test
    void noEbtablesFails() {
        var tools = FakeTools.debianHost(URI).out(FakeTools.fixture("nwfilter-list.txt"), "virsh", "-c", URI, "nwfilter-list");
        var noEbtables = new FakeTools().out(FakeTools.fixture("nwfilter-list.txt"), "virsh", "-c", URI, "nwfilter-list");
        assertThat(new NwfilterCheck(tools.probe(), URI).check(true).status()).isEqualTo(Check.Status.OK);
        assertThat(new NwfilterCheck(noEbtables.probe(), URI).check(true).fix()).hasValue("apt-get install ebtables");
    }

    @Test
    void notAskedWhenLibvirtDoesNotAnswer() {
        var tools = FakeTools.debianHost(URI);
        assertThat(new NwfilterCheck(tools.probe(), URI).check(false).status()).isEqualTo(Check.Status.WARN);
        assertThat(tools.runner().commands()).isEmpty();
    }
}
