package io.virtseed.libvirt.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.libvirt.domain.CpuConfig;
import io.virtseed.libvirt.domain.Devices;
import io.virtseed.libvirt.domain.Disk;
import io.virtseed.libvirt.domain.Domain;
import io.virtseed.libvirt.domain.DomainType;
import io.virtseed.libvirt.domain.OsConfig;
import io.virtseed.libvirt.domain.SampleDomains;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainRulesTest {

    @Test
    void samplesAreClean() {
        assertThat(DomainRules.violations(SampleDomains.pcIsoDomain())).isEmpty();
        assertThat(DomainRules.violations(SampleDomains.q35VfatDomain())).isEmpty();
    }

    @Test
    void ideOnQ35IsRefusedEvenUnderAVersionedMachineName() {
        Domain pc = SampleDomains.pcIsoDomain();
        for (String machine : List.of("q35", "pc-q35-7.2")) {
            Domain q35 = withMachine(pc, machine);
            assertThat(DomainRules.violations(q35)).singleElement().asString().contains("no IDE controller");
        }
    }

    @Test
    void readOnlyIsForCdromsOnly() {
        Disk roDisk = new Disk(Disk.Device.DISK, Disk.Format.RAW, Path.of("/x/d.img"), "hdb", Disk.Bus.IDE, true);
        assertThat(DomainRules.violations(withDisks(SampleDomains.pcIsoDomain(), roDisk)))
                .anyMatch(v -> v.contains("only a cdrom may be read-only"));
    }

    @Test
    void cdromOnVirtioWrongPrefixDuplicatesAndRelativePathsAreRefused() {
        Disk virtioCd = new Disk(Disk.Device.CDROM, Disk.Format.RAW, Path.of("/x/c.iso"), "vdc", Disk.Bus.VIRTIO, true);
        Disk wrongName = new Disk(Disk.Device.DISK, Disk.Format.RAW, Path.of("rel.img"), "sdb", Disk.Bus.VIRTIO, false);
        Disk again = new Disk(Disk.Device.DISK, Disk.Format.RAW, Path.of("/x/e.img"), "vdc", Disk.Bus.VIRTIO, false);
        assertThat(DomainRules.violations(withDisks(SampleDomains.pcIsoDomain(), virtioCd, wrongName, again)))
                .anyMatch(v -> v.contains("cannot sit on the virtio bus"))
                .anyMatch(v -> v.contains("sdb: a virtio target is named vda"))
                .anyMatch(v -> v.contains("vdc: target used twice"))
                .anyMatch(v -> v.contains("rel.img is not an absolute path"));
    }

    @Test
    void hostPassthroughNeedsKvmAndSysinfoUuidMustMatch() {
        Domain d = SampleDomains.pcIsoDomain();
        Domain bad = new Domain(DomainType.QEMU, d.name(), UUID.randomUUID(), d.memoryKib(), d.vcpus(), d.os(),
                d.features(), new CpuConfig.HostPassthrough(), d.sysinfo(), d.lifecycle(), d.devices(), d.ownership());
        assertThat(DomainRules.violations(bad))
                .anyMatch(v -> v.contains("host-passthrough CPU needs domain type kvm"))
                .anyMatch(v -> v.contains("differs from the domain uuid"));
        assertThatThrownBy(() -> DomainRules.check(bad)).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("would be refused by QEMU");
    }

    static Domain withMachine(Domain d, String machine) {
        OsConfig os = new OsConfig(d.os().arch(), machine, d.os().kernel(), d.os().initrd(), d.os().cmdline(),
                d.os().bootOrder(), d.os().smbiosSysinfo());
        return new Domain(d.type(), d.name(), d.uuid(), d.memoryKib(), d.vcpus(), os, d.features(), d.cpu(),
                d.sysinfo(), d.lifecycle(), d.devices(), d.ownership());
    }

    private static Domain withDisks(Domain d, Disk... extra) {
        List<Disk> disks = new java.util.ArrayList<>(d.devices().disks());
        disks.addAll(List.of(extra));
        Devices devs = new Devices(d.devices().emulator(), disks, d.devices().interfaces(), d.devices().serial(),
                d.devices().memballoon(), d.devices().rng());
        return new Domain(d.type(), d.name(), d.uuid(), d.memoryKib(), d.vcpus(), d.os(), d.features(), d.cpu(),
                d.sysinfo(), d.lifecycle(), devs, d.ownership());
    }
}
