package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.design.DesignerSettings;
import io.virtseed.libvirt.domain.SampleDomains;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The lean listing against libvirt's in-process {@code test:///default} driver, whose state every
 * connection of the process shares: it must give what the adapter's {@code states} gives.
 */
class LeanListingTest {

    private static final String URI = "test:///default";
    private static final Path ROOT = Path.of("/var/lib/vs-lean-listing/state");
    private static final Path OTHER_ROOT = Path.of("/var/lib/vs-lean-listing/other-state");
    private static final DesignerSettings DESIGN =
            new DesignerSettings("x86_64", SampleDomains.VERSION, Optional.empty());
    private static final InstanceName RUNNING = InstanceName.of("vs-lean-running");
    private static final InstanceName STOPPED = InstanceName.of("vs-lean-stopped");
    private static final InstanceName ELSEWHERE = InstanceName.of("vs-lean-elsewhere");
    private static final InstanceName FOREIGN = InstanceName.of("vs-lean-foreign");
    private static final InstanceName ABSENT = InstanceName.of("vs-lean-absent");
    /** The test driver's own guest, running and untagged. */
    private static final InstanceName DRIVERS_OWN = InstanceName.of("test");

    private static LibvirtHypervisor hv;
    private static LibvirtHypervisor otherFolder;
    private static Connect someoneElse;

    @BeforeAll
    static void guests() throws LibvirtException {
        hv = new LibvirtHypervisor(URI, ROOT, DESIGN);
        otherFolder = new LibvirtHypervisor(URI, OTHER_ROOT, DESIGN);
        someoneElse = new Connect(URI);
        hv.define(request(RUNNING, ROOT));
        hv.start(RUNNING);
        hv.define(request(STOPPED, ROOT));
        hv.start(STOPPED);
        hv.destroy(STOPPED); // shut off, reason destroyed
        otherFolder.define(request(ELSEWHERE, OTHER_ROOT));
        otherFolder.start(ELSEWHERE);
        someoneElse.domainDefineXML("<domain type='test'><name>" + FOREIGN + "</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os><devices/></domain>").free();
    }

    @AfterAll
    static void removeGuests() throws LibvirtException {
        try {
            TestDomains.removeAll(someoneElse, "vs-lean-");
        } finally {
            someoneElse.close();
            hv.close();
            otherFolder.close();
        }
    }

    @Test
    void givesWhatTheAdapterGives() {
        Set<InstanceName> names = Set.of(RUNNING, STOPPED, ELSEWHERE, FOREIGN, ABSENT, DRIVERS_OWN);
        Map<InstanceName, MachineStatus> adapter = hv.states(names);
        assertThat(adapter).containsOnlyKeys(RUNNING, STOPPED); // so the comparison below compares something
        assertThat(adapter.get(RUNNING).state()).isEqualTo(MachineState.RUNNING);
        assertThat(adapter.get(STOPPED).state()).isEqualTo(MachineState.SHUTOFF);
        assertThat(LeanListing.states(URI, ROOT, names)).contains(adapter);
    }

    @Test
    void aBegunListingGivesWhatTheAdapterGives() {
        Set<InstanceName> names = Set.of(RUNNING, STOPPED, ELSEWHERE, FOREIGN, ABSENT, DRIVERS_OWN);
        try (LeanListing.Pending begun = LeanListing.begin(URI)) {
            assertThat(begun.states(ROOT, names)).contains(hv.states(names));
        }
        try (LeanListing.Pending begun = LeanListing.begin("qemu+ssh://vs-host/system")) {
            assertThat(begun.states(ROOT, names)).isEmpty();
        }
    }

    @Test
    void anotherFolderSeesOnlyItsOwn() {
        Set<InstanceName> names = Set.of(RUNNING, STOPPED, ELSEWHERE, FOREIGN);
        assertThat(LeanListing.states(URI, OTHER_ROOT, names)).contains(otherFolder.states(names))
                .hasValueSatisfying(m -> assertThat(m).containsOnlyKeys(ELSEWHERE));
    }

    @Test
    void theStateFolderIsComparedNormalized() {
        Path spelledOtherwise = ROOT.resolve("../state/.");
        assertThat(LeanListing.states(URI, spelledOtherwise, Set.of(RUNNING)))
                .hasValueSatisfying(m -> assertThat(m).containsOnlyKeys(RUNNING));
    }

    @Test
    void noNameAsksNothing() {
        assertThat(LeanListing.states("test:///vs-no-such-file.xml", ROOT, Set.of())).contains(Map.of());
    }

    @Test
    void leavesToTheAdapterWhatItCannotOpenTheSameWay() {
        for (String uri : List.of("qemu+ssh://vs-host/system", "qemu+unix:///system?socket=/nonexistent/vs.sock",
                "qemu:///system?socket=/nonexistent/vs.sock", "lxc:///system", "vbox:///session")) {
            assertThat(LeanListing.handles(uri)).as(uri).isFalse();
            assertThat(LeanListing.states(uri, ROOT, Set.of(RUNNING))).as(uri).isEmpty();
        }
        assertThat(LeanListing.handles("qemu:///system")).isTrue();
        assertThat(LeanListing.handles(URI)).isTrue();
    }

    @Test
    void aConnectionThatFailsIsLeftToTheAdapter() {
        // the test driver reads its guests from this file, which is not there
        assertThat(LeanListing.states("test:///nonexistent/vs-lean.xml", ROOT, Set.of(RUNNING))).isEmpty();
    }

    private static MachineRequest request(InstanceName name, Path root) {
        MachineRequest r = SampleDomains.pcIsoRequest();
        Path dir = root.resolve("instances").resolve(name.value());
        return new MachineRequest(name, UUID.randomUUID(), r.cpus(), r.memory(), r.machine(), r.kvm(),
                dir.resolve("disk.qcow2"), Optional.of(new MachineRequest.AttachedDrive(dir.resolve("disk.config"),
                        r.configDrive().orElseThrow().format())),
                dir.resolve("console.log"), r.boot(), r.nics());
    }
}
