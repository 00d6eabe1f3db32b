package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.design.DesignerSettings;
import io.virtseed.libvirt.domain.DomainSummary;
import io.virtseed.libvirt.domain.DomainXmlReader;
import io.virtseed.libvirt.domain.SampleDomains;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** The adapter against libvirt's in-process {@code test:///default} driver (needs only libvirt0). */
class LibvirtHypervisorTest {

    private static final String URI = "test:///default";
    private static final DesignerSettings DESIGN = new DesignerSettings("x86_64", SampleDomains.VERSION, Optional.empty());
    private static LibvirtHypervisor hv;
    /** A second connection to the same driver, standing for "someone else" using libvirt. */
    private static Connect other;

    @BeforeAll
    static void connect() throws LibvirtException {
        hv = new LibvirtHypervisor(URI, SampleDomains.STATE_ROOT, DESIGN);
        other = new Connect(URI);
    }

    @AfterAll
    static void disconnect() throws LibvirtException {
        if (other != null) {
            other.close();
        }
        if (hv != null) {
            hv.close();
        }
    }

    @AfterEach
    void removeTestDomains() throws LibvirtException {
        TestDomains.removeAll(other, "vs-");
    }

    @Test
    void shutdownStopsARunningGuest() {
        InstanceName name = InstanceName.of("vs-shut");
        hv.define(request(name, UUID.randomUUID()));
        hv.start(name);
        hv.shutdown(name);
        assertThat(hv.state(name)).contains(MachineState.SHUTOFF);
        assertThatCode(() -> hv.shutdown(name)).doesNotThrowAnyException();
    }

    @Test
    void removingWhatIsGoneSucceeds() {
        InstanceName name = InstanceName.of("vs-never-there");
        assertThatCode(() -> {
            hv.destroy(name);
            hv.shutdown(name);
            hv.undefine(name);
            hv.undefine(name);
        }).doesNotThrowAnyException();
        assertThat(hv.state(name)).isEmpty();
    }

    @Test
    void domainXmlIsWhatLibvirtHoldsAndEmptyForNoGuest() {
        InstanceName name = InstanceName.of("vs-dumpxml");
        UUID uuid = UUID.randomUUID();
        hv.define(request(name, uuid));
        assertThat(hv.domainXml(name)).hasValueSatisfying(xml -> assertThat(xml)
                .contains("<name>vs-dumpxml</name>", "<uuid>" + uuid + "</uuid>", "virtseed"));
        assertThat(hv.domainXml(InstanceName.of("vs-never-there"))).isEmpty();
    }

    @Test
    void startingWhatIsGoneIsNotFound() {
        assertThatThrownBy(() -> hv.start(InstanceName.of("vs-never-there")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("vs-never-there");
    }

    @Test
    void redefinitionKeepsTheUuidOrIsRefused() {
        InstanceName name = InstanceName.of("vs-redef");
        UUID uuid = UUID.randomUUID();
        hv.define(request(name, uuid));
        assertThatCode(() -> hv.define(request(name, uuid))).doesNotThrowAnyException();
        assertThatThrownBy(() -> hv.define(request(name, UUID.randomUUID())))
                .isInstanceOf(HypervisorException.class).hasMessageContaining("exists with uuid " + uuid);
    }

    @Test
    void othersDomainsAreNeverTouched() throws LibvirtException {
        InstanceName name = InstanceName.of("vs-foreign");
        Domain foreign = other.domainDefineXML(foreignXml(name.value()));
        foreign.create();
        foreign.free();

        for (Runnable op : List.<Runnable>of(() -> hv.undefine(name), () -> hv.destroy(name),
                () -> hv.shutdown(name), () -> hv.start(name), () -> hv.define(request(name, UUID.randomUUID())))) {
            assertThatThrownBy(op::run).isInstanceOf(HypervisorException.class).hasMessageContaining("not made by virtseed");
        }
        assertThat(hv.state(name)).isEmpty();
        Domain still = other.domainLookupByName(name.value());
        try {
            assertThat(still.isActive()).isEqualTo(1);
        } finally {
            still.free();
        }
    }

    @Test
    void ownedListsOursOnly() throws LibvirtException {
        hv.define(request(InstanceName.of("vs-own-b"), UUID.randomUUID()));
        hv.define(request(InstanceName.of("vs-own-a"), UUID.randomUUID()));
        other.domainDefineXML(foreignXml("vs-not-ours")).free();

        assertThat(hv.owned()).containsExactly(InstanceName.of("vs-own-a"), InstanceName.of("vs-own-b"));
    }

    @Test
    void aTagWrittenBeforeTheStateFolderWasRecordedStillCounts() throws LibvirtException {
        // older virtseeds recorded the instance's folder, <root>/instances/<name>, in the tag
        Path legacy = SampleDomains.STATE_ROOT.resolve("instances/vs-legacy");
        other.domainDefineXML(taggedXml("vs-legacy", legacy)).free();
        other.domainDefineXML(taggedXml("vs-elsewhere", Path.of("/srv/vs-state/instances/vs-elsewhere"))).free();

        assertThat(hv.owned()).contains(InstanceName.of("vs-legacy")).doesNotContain(InstanceName.of("vs-elsewhere"));
        assertThat(hv.state(InstanceName.of("vs-legacy"))).contains(MachineState.SHUTOFF);
        hv.undefine(InstanceName.of("vs-legacy"));
        assertThat(names()).doesNotContain("vs-legacy").contains("vs-elsewhere");
    }

    @Test
    void refusesADomainTaggedForAnotherStateFolder() {
        io.virtseed.libvirt.domain.Domain d = new io.virtseed.libvirt.design.DomainDesigner(DESIGN,
                Path.of("/srv/vs-state")).design(SampleDomains.pcIsoRequest());
        assertThatThrownBy(() -> hv.define(d)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("names the state folder /srv/vs-state, not " + SampleDomains.STATE_ROOT);
    }

    /** A local daemon on a CPU without vmx or svm offers no KVM, known from cpuinfo alone; anything less sure asks the daemon. */
    @Test
    void aLocalCpuWithoutVirtualizationFlagsAnswersWithoutTheDaemon() {
        String plain = "processor\t: 0\nflags\t\t: fpu vme de pse hypervisor vmx-ept\n\nprocessor\t: 1\nflags\t\t: fpu vme\n";
        String intel = "processor\t: 0\nflags\t\t: fpu vme vmx ept\n";
        String amd = "flags : fpu svm\n";
        assertThat(HostKvm.ruledOut("qemu:///system", plain)).isTrue();
        assertThat(HostKvm.ruledOut("qemu:///session", plain)).isTrue();
        assertThat(HostKvm.ruledOut("qemu:///system", intel)).isFalse();
        assertThat(HostKvm.ruledOut("qemu:///system", amd)).isFalse();
        assertThat(HostKvm.ruledOut("qemu+ssh://host/system", plain)).as("another host's CPU").isFalse();
        assertThat(HostKvm.ruledOut("test:///default", plain)).isFalse();
        assertThat(HostKvm.ruledOut("qemu:///system", "processor\t: 0\nflagsx : fpu\n")).as("no flags").isFalse();
        assertThat(HostKvm.ruledOut("qemu:///system", "")).isFalse();
    }

    @Test
    void theTestDriverOffersNoKvm() {
        // its domain capabilities are unsupported: a host that cannot say it offers KVM does not
        assertThat(hv.kvmUsable()).isFalse();
        assertThat(KvmCapability.offersKvm("<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path>"
                + "<domain>kvm</domain><machine>pc-i440fx-7.2</machine></domainCapabilities>")).isTrue();
        assertThat(KvmCapability.offersKvm("<domainCapabilities><domain>qemu</domain></domainCapabilities>")).isFalse();
        assertThat(KvmCapability.cpuVirtualizes("<host><cpu><model>Broadwell</model><feature name='vmx'/>")).isTrue();
        assertThat(KvmCapability.cpuVirtualizes("<host><cpu><feature name=\"svm\"/></cpu>")).isTrue();
        // nested or sandboxed: a hypervisor flag, a vmx-like name, but no vmx itself
        assertThat(KvmCapability.cpuVirtualizes("<host><cpu><feature name='hypervisor'/><feature name='vmx-ept'/>"))
                .isFalse();
    }

    /**
     * The designer's domains are defined without libvirt's schema validation (it took a third of
     * the define): every shape it can make is checked here, with it, instead.
     */
    @Test
    void everyShapeTheDesignerMakesPassesLibvirtsSchema() {
        var designer = new io.virtseed.libvirt.design.DomainDesigner(DESIGN, SampleDomains.STATE_ROOT);
        MachineRequest pc = SampleDomains.pcIsoRequest();
        List<Optional<MachineRequest.AttachedDrive>> drives = new ArrayList<>();
        drives.add(Optional.empty());
        for (io.virtseed.core.ports.DriveFormat f : io.virtseed.core.ports.DriveFormat.values()) {
            drives.add(Optional.of(new MachineRequest.AttachedDrive(pc.configDrive().orElseThrow().path(), f)));
        }
        int n = 0;
        for (io.virtseed.core.spec.MachineType m : io.virtseed.core.spec.MachineType.values()) {
            for (Optional<MachineRequest.AttachedDrive> drive : drives) {
                for (boolean kvm : List.of(false, true)) {
                    for (boolean nics : List.of(false, true)) {
                        for (boolean kernel : List.of(false, true)) {
                            for (boolean uefi : List.of(false, true)) {
                                MachineRequest r = new MachineRequest(InstanceName.of("vs-shape-" + n++),
                                        UUID.randomUUID(), 2, pc.memory(), m, kvm, pc.rootDisk(), drive,
                                        pc.consoleLog(), kernel ? pc.boot() : Optional.empty(),
                                        nics ? pc.nics() : List.of(),
                                        uefi ? Optional.of(pc.rootDisk().resolveSibling("uefi-vars.fd")) : Optional.empty());
                                io.virtseed.libvirt.domain.Domain d = designer.design(r);
                                assertThatCode(() -> hv.define(d)).as(r.toString()).doesNotThrowAnyException();
                                hv.undefine(r.name());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void validationFlagRejectsWhatPlainDefineSilentlyDrops() throws LibvirtException {
        String xml = foreignXml("vs-frob").replace("<devices/>", "<devices/><frobnicate/>");
        assertThatThrownBy(() -> hv.defineXml(xml)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("frobnicate");
        assertThat(names()).doesNotContain("vs-frob");

        other.domainDefineXML(xml).free(); // without the flag libvirt takes it and drops the element
        assertThat(names()).contains("vs-frob");
    }

    @Test
    void refusesToDefineADomainWithoutOurTag() {
        io.virtseed.libvirt.domain.Domain d = SampleDomains.pcIsoDomain();
        io.virtseed.libvirt.domain.Domain untagged = new io.virtseed.libvirt.domain.Domain(d.type(), d.name(),
                d.uuid(), d.memoryKib(), d.vcpus(), d.os(), d.features(), d.cpu(), d.sysinfo(), d.lifecycle(),
                d.devices(), Optional.empty());
        assertThatThrownBy(() -> hv.define(untagged)).hasMessageContaining("lacks virtseed's ownership tag");
    }

    @Test
    void libvirtKeepsWhatTheReaderNeeds() throws LibvirtException {
        for (io.virtseed.libvirt.domain.Domain d : List.of(SampleDomains.pcIsoDomain(), SampleDomains.q35VfatDomain())) {
            hv.define(d); // schema-validated by libvirt: the goldens are valid domain XML
            Domain back = other.domainLookupByName(d.name());
            try {
                DomainSummary read = new DomainXmlReader().read(back.getXMLDesc(0));
                assertThat(read).isEqualTo(DomainSummary.of(d));
            } finally {
                back.free();
            }
        }
        assertThat(hv.owned()).contains(InstanceName.of("vs-web1"), InstanceName.of("vs-db1"));
    }

    @Test
    void oddCharactersInPathsSurviveLibvirt() throws LibvirtException {
        Path dir = Path.of("/srv/a&b <c> 'd' \"e\"/vs-odd");
        MachineRequest r = SampleDomains.pcIsoRequest();
        MachineRequest odd = new MachineRequest(InstanceName.of("vs-odd"), UUID.randomUUID(), 1, r.memory(),
                r.machine(), false, dir.resolve("disk.qcow2"), Optional.empty(), dir.resolve("console.log"),
                Optional.empty(), List.of());
        hv.define(odd);
        Domain back = other.domainLookupByName("vs-odd");
        try {
            DomainSummary read = new DomainXmlReader().read(back.getXMLDesc(0));
            assertThat(read.ownership().orElseThrow().stateDir()).isEqualTo(SampleDomains.STATE_ROOT);
            assertThat(read.disks().get(0).source()).contains(dir.resolve("disk.qcow2"));
            assertThat(read.consoleLog()).contains(dir.resolve("console.log"));
        } finally {
            back.free();
        }
    }

    @Test
    void callsFromManyVirtualThreadsAreFunnelledSafely() throws Exception {
        List<Future<Optional<MachineState>>> results = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                InstanceName name = InstanceName.of("vs-par-" + i);
                results.add(threads.submit(() -> {
                    hv.define(request(name, UUID.randomUUID()));
                    hv.start(name);
                    Optional<MachineState> s = hv.state(name);
                    hv.destroy(name);
                    hv.undefine(name);
                    return s;
                }));
            }
        }
        for (Future<Optional<MachineState>> f : results) {
            assertThat(f.get()).contains(MachineState.RUNNING);
        }
        assertThat(names()).noneMatch(n -> n.startsWith("vs-par-"));
    }

    @Test
    void closedHypervisorSaysSo() {
        LibvirtHypervisor second = new LibvirtHypervisor(URI, SampleDomains.STATE_ROOT, DESIGN);
        second.close();
        second.close(); // idempotent
        assertThatThrownBy(second::owned).isInstanceOf(HypervisorException.class).hasMessageContaining("closed");
    }

    @Test
    void unreachableUriFailsClearly() {
        assertThatThrownBy(() -> new LibvirtHypervisor("qemu+unix:///system?socket=/nonexistent/vs-no-libvirt.sock",
                SampleDomains.STATE_ROOT, DESIGN))
                .isInstanceOf(HypervisorException.class)
                .hasMessageContaining("cannot connect to libvirt at qemu+unix:///system?socket=/nonexistent/vs-no-libvirt.sock");
    }

    private static MachineRequest request(InstanceName name, UUID uuid) {
        MachineRequest r = SampleDomains.pcIsoRequest();
        Path dir = Path.of("/var/lib/virtseed").resolve(name.value());
        return new MachineRequest(name, uuid, r.cpus(), r.memory(), r.machine(), r.kvm(), dir.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(dir.resolve("disk.config"),
                        r.configDrive().orElseThrow().format())),
                dir.resolve("console.log"), r.boot(), r.nics());
    }

    private static String foreignXml(String name) {
        return "<domain type='test'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os><devices/></domain>";
    }

    private static String taggedXml(String name, Path dir) {
        return foreignXml(name).replace("<devices/>", "<metadata><virtseed:instance"
                + " xmlns:virtseed='https://virtseed.io/xmlns/domain/1'><virtseed:name>" + name + "</virtseed:name>"
                + "<virtseed:state-dir>" + dir + "</virtseed:state-dir></virtseed:instance></metadata><devices/>");
    }

    private static List<String> names() throws LibvirtException {
        List<String> out = new ArrayList<>();
        for (Domain d : other.listAllDomains(0)) {
            out.add(d.getName());
            d.free();
        }
        return out;
    }
}
