package io.virtseed.libvirt.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.NicAttachment;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.MacAddress;
import io.virtseed.libvirt.domain.CpuConfig;
import io.virtseed.libvirt.domain.Disk;
import io.virtseed.libvirt.domain.Domain;
import io.virtseed.libvirt.domain.DomainType;
import io.virtseed.libvirt.domain.Features;
import io.virtseed.libvirt.domain.Lifecycle;
import io.virtseed.libvirt.domain.OsConfig;
import io.virtseed.libvirt.domain.SampleDomains;
import io.virtseed.libvirt.domain.SmbiosSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainDesignerTest {

    private final DomainDesigner designer =
            new DomainDesigner(new DesignerSettings("x86_64", SampleDomains.VERSION, Optional.empty()),
                    SampleDomains.STATE_ROOT);

    @Test
    void pcRequestBecomesTheGoldenDomain() {
        assertThat(designer.design(SampleDomains.pcIsoRequest())).isEqualTo(SampleDomains.pcIsoDomain());
    }

    @Test
    void q35RequestBecomesTheGoldenDomain() {
        assertThat(designer.design(SampleDomains.q35VfatRequest())).isEqualTo(SampleDomains.q35VfatDomain());
    }

    @Test
    void isoOnPcIsReadOnlyIdeCdrom() {
        Disk drive = designer.design(SampleDomains.pcIsoRequest()).devices().disks().get(1);
        assertThat(drive).isEqualTo(new Disk(Disk.Device.CDROM, Disk.Format.RAW,
                Path.of("/var/lib/virtseed/vs-web1/disk.config"), "hda", Disk.Bus.IDE, true));
    }

    @Test
    void isoOnQ35IsReadOnlySataCdromBecauseQ35HasNoIde() {
        Domain d = designer.design(with(SampleDomains.pcIsoRequest(), MachineType.Q35, DriveFormat.ISO9660));
        assertThat(d.os().machine()).isEqualTo("q35");
        assertThat(d.devices().disks().get(1)).satisfies(k -> {
            assertThat(k.device()).isEqualTo(Disk.Device.CDROM);
            assertThat(k.bus()).isEqualTo(Disk.Bus.SATA);
            assertThat(k.targetDev()).isEqualTo("sda");
            assertThat(k.readonly()).isTrue();
        });
        assertThat(d.devices().disks()).noneMatch(k -> k.bus() == Disk.Bus.IDE);
    }

    @Test
    void vfatIsAWritableVirtioDiskOnEitherMachine() {
        for (MachineType m : MachineType.values()) {
            Disk drive = designer.design(with(SampleDomains.pcIsoRequest(), m, DriveFormat.VFAT)).devices().disks().get(1);
            assertThat(drive).isEqualTo(new Disk(Disk.Device.DISK, Disk.Format.RAW,
                    Path.of("/var/lib/virtseed/vs-web1/disk.config"), "vdb", Disk.Bus.VIRTIO, false));
        }
    }

    @Test
    void noReadOnlyDiskAndNoIdeOnQ35InAnyCombination() {
        for (MachineType m : MachineType.values()) {
            for (DriveFormat f : DriveFormat.values()) {
                Domain d = designer.design(with(SampleDomains.pcIsoRequest(), m, f));
                assertThat(d.devices().disks()).allMatch(k -> !k.readonly() || k.device() == Disk.Device.CDROM);
                assertThat(DomainRules.violations(d)).isEmpty();
            }
        }
    }

    @Test
    void rootDiskIsVirtioQcow2Vda() {
        Disk root = designer.design(SampleDomains.q35VfatRequest()).devices().disks().get(0);
        assertThat(root).isEqualTo(new Disk(Disk.Device.DISK, Disk.Format.QCOW2,
                Path.of("/var/lib/virtseed/vs-db1/disk.qcow2"), "vda", Disk.Bus.VIRTIO, false));
    }

    @Test
    void noConfigDriveMeansRootDiskOnly() {
        MachineRequest r = SampleDomains.pcIsoRequest();
        MachineRequest bare = new MachineRequest(r.name(), r.uuid(), r.cpus(), r.memory(), r.machine(), r.kvm(),
                r.rootDisk(), Optional.empty(), r.consoleLog(), r.boot(), r.nics());
        assertThat(designer.design(bare).devices().disks()).hasSize(1);
    }

    @Test
    void smbiosLooksLikeNovaWithTheInstanceUuid() {
        Domain d = designer.design(SampleDomains.pcIsoRequest());
        assertThat(d.uuid()).isEqualTo(SampleDomains.PC_UUID);
        assertThat(d.sysinfo()).contains(new SmbiosSystem("OpenStack Foundation", "OpenStack Nova", "1.2.3",
                SampleDomains.PC_UUID.toString(), SampleDomains.PC_UUID, "Virtual Machine"));
        assertThat(d.os().smbiosSysinfo()).isTrue();
    }

    @Test
    void tcgGetsQemuTypeAndAnEmulatedCpu() {
        Domain d = designer.design(SampleDomains.pcIsoRequest());
        assertThat(d.type()).isEqualTo(DomainType.QEMU);
        assertThat(d.cpu()).isEqualTo(new CpuConfig.Custom("qemu64", true));
    }

    @Test
    void kvmGetsKvmTypeAndTheHostCpu() {
        Domain d = designer.design(SampleDomains.q35VfatRequest());
        assertThat(d.type()).isEqualTo(DomainType.KVM);
        assertThat(d.cpu()).isEqualTo(new CpuConfig.HostPassthrough());
    }

    @Test
    void powerFeaturesAndLifecycle() {
        Domain d = designer.design(SampleDomains.pcIsoRequest());
        assertThat(d.features()).isEqualTo(new Features(true, true));
        assertThat(d.lifecycle()).isEqualTo(
                new Lifecycle(Lifecycle.Action.DESTROY, Lifecycle.Action.RESTART, Lifecycle.Action.DESTROY));
    }

    @Test
    void kernelBootSkipsBiosOrderAndDiskBootUsesIt() {
        assertThat(designer.design(SampleDomains.pcIsoRequest()).os().bootOrder()).isEmpty();
        assertThat(designer.design(SampleDomains.q35VfatRequest()).os().bootOrder())
                .containsExactly(OsConfig.BootDevice.HD);
    }

    @Test
    void memoryIsRoundedUpToWholeKibibytes() {
        MachineRequest r = SampleDomains.pcIsoRequest();
        MachineRequest odd = new MachineRequest(r.name(), r.uuid(), r.cpus(),
                new io.virtseed.core.value.MemorySize(1025), r.machine(), r.kvm(), r.rootDisk(), r.configDrive(),
                r.consoleLog(), r.boot(), r.nics());
        assertThat(designer.design(odd).memoryKib()).isEqualTo(2);
    }

    @Test
    void ownershipNamesTheInstanceAndTheDesignersStateFolder() {
        Domain d = new DomainDesigner(DesignerSettings.defaults(), Path.of("/srv/vs-other/../vs-state"))
                .design(SampleDomains.pcIsoRequest());
        assertThat(d.ownership()).hasValueSatisfying(o -> {
            assertThat(o.name().value()).isEqualTo("vs-web1");
            assertThat(o.stateDir()).isEqualTo(Path.of("/srv/vs-state"));
            assertThat(o.belongsTo(Path.of("/srv/vs-state"))).isTrue();
            assertThat(o.belongsTo(SampleDomains.STATE_ROOT)).isFalse();
        });
    }

    @Test
    void duplicateMacIsRefused() {
        MachineRequest r = SampleDomains.pcIsoRequest();
        NicAttachment nic = NicAttachment.plain(MacAddress.of("52:54:00:00:00:01"), "vs-a");
        MachineRequest twice = new MachineRequest(r.name(), r.uuid(), r.cpus(), r.memory(), r.machine(), r.kvm(),
                r.rootDisk(), r.configDrive(), r.consoleLog(), r.boot(), List.of(nic, nic));
        assertThatThrownBy(() -> designer.design(twice)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("52:54:00:00:00:01 is used twice");
    }

    private static MachineRequest with(MachineRequest r, MachineType machine, DriveFormat format) {
        return new MachineRequest(r.name(), r.uuid(), r.cpus(), r.memory(), machine, r.kvm(), r.rootDisk(),
                Optional.of(new MachineRequest.AttachedDrive(r.configDrive().orElseThrow().path(), format)),
                r.consoleLog(), r.boot(), r.nics());
    }
}
