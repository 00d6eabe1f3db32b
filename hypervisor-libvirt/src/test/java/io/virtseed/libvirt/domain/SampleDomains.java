package io.virtseed.libvirt.domain;

import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.NicAttachment;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import io.virtseed.core.value.MemorySize;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Requests and the domains the designer must make of them, written out by hand. The goldens are
 * these domains written as XML; the designer test checks the designer produces exactly them.
 */
public final class SampleDomains {

    public static final UUID PC_UUID = UUID.fromString("3b1c2d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");
    public static final UUID Q35_UUID = UUID.fromString("9a8b7c6d-5e4f-4321-8765-0fedcba98765");
    public static final String VERSION = "1.2.3";
    /** The state folder the sample domains belong to. */
    public static final Path STATE_ROOT = Path.of("/var/lib/virtseed");
    static final Path PC_DIR = Path.of("/var/lib/virtseed/vs-web1");
    static final Path Q35_DIR = Path.of("/var/lib/virtseed/vs-db1");

    private SampleDomains() {
    }

    /** Machine {@code pc}, TCG, ISO config drive, direct kernel boot, one NIC. */
    public static MachineRequest pcIsoRequest() {
        return new MachineRequest(InstanceName.of("vs-web1"), PC_UUID, 1, MemorySize.ofMiB(512), MachineType.PC,
                false, PC_DIR.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(PC_DIR.resolve("disk.config"), DriveFormat.ISO9660)),
                PC_DIR.resolve("console.log"),
                Optional.of(new BootSpec(PC_DIR.resolve("vmlinuz"), Optional.of(PC_DIR.resolve("initrd.img")),
                        "console=ttyS0 panic=-1")),
                List.of(new NicAttachment(MacAddress.of("52:54:00:12:34:56"), "vs-abc123", "vs6f2c1b7e0", OptionalInt.of(1400),
                        List.of(IpAddress.parse("10.88.0.10"), IpAddress.parse("fd00:88::5054:ff:fe12:3456")))));
    }

    public static Domain pcIsoDomain() {
        OsConfig os = new OsConfig("x86_64", "pc", Optional.of(PC_DIR.resolve("vmlinuz")),
                Optional.of(PC_DIR.resolve("initrd.img")), Optional.of("console=ttyS0 panic=-1"), List.of(), true);
        Devices devices = new Devices(Optional.empty(),
                List.of(new Disk(Disk.Device.DISK, Disk.Format.QCOW2, PC_DIR.resolve("disk.qcow2"), "vda",
                                Disk.Bus.VIRTIO, false),
                        new Disk(Disk.Device.CDROM, Disk.Format.RAW, PC_DIR.resolve("disk.config"), "hda",
                                Disk.Bus.IDE, true)),
                List.of(new BridgeInterface("vs-abc123", MacAddress.of("52:54:00:12:34:56"), NicModel.VIRTIO,
                        Optional.of("vs6f2c1b7e0"), OptionalInt.of(1400),
                        Optional.of(TrafficFilter.cleanTraffic(List.of(IpAddress.parse("10.88.0.10")))))),
                Optional.of(new SerialConsole(PC_DIR.resolve("console.log"), false)),
                Devices.MemBalloon.NONE, Optional.of(new Rng(Path.of("/dev/urandom"))));
        return new Domain(DomainType.QEMU, "vs-web1", PC_UUID, 524288, 1, os, new Features(true, true),
                new CpuConfig.Custom("qemu64", true), Optional.of(smbios(PC_UUID)), lifecycle(), devices,
                Optional.of(new Ownership(InstanceName.of("vs-web1"), STATE_ROOT)));
    }

    /** Machine {@code q35}, KVM, VFAT config drive, BIOS boot from the root disk, no NIC. */
    public static MachineRequest q35VfatRequest() {
        return new MachineRequest(InstanceName.of("vs-db1"), Q35_UUID, 2, MemorySize.ofGiB(1), MachineType.Q35,
                true, Q35_DIR.resolve("disk.qcow2"),
                Optional.of(new MachineRequest.AttachedDrive(Q35_DIR.resolve("disk.config"), DriveFormat.VFAT)),
                Q35_DIR.resolve("console.log"), Optional.empty(), List.of());
    }

    public static Domain q35VfatDomain() {
        OsConfig os = new OsConfig("x86_64", "q35", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(OsConfig.BootDevice.HD), true);
        Devices devices = new Devices(Optional.empty(),
                List.of(new Disk(Disk.Device.DISK, Disk.Format.QCOW2, Q35_DIR.resolve("disk.qcow2"), "vda",
                                Disk.Bus.VIRTIO, false),
                        new Disk(Disk.Device.DISK, Disk.Format.RAW, Q35_DIR.resolve("disk.config"), "vdb",
                                Disk.Bus.VIRTIO, false)),
                List.of(),
                Optional.of(new SerialConsole(Q35_DIR.resolve("console.log"), false)),
                Devices.MemBalloon.NONE, Optional.of(new Rng(Path.of("/dev/urandom"))));
        return new Domain(DomainType.KVM, "vs-db1", Q35_UUID, 1048576, 2, os, new Features(true, true),
                new CpuConfig.HostPassthrough(), Optional.of(smbios(Q35_UUID)), lifecycle(), devices,
                Optional.of(new Ownership(InstanceName.of("vs-db1"), STATE_ROOT)));
    }

    /** The q35 domain with UEFI firmware and its variable store in the instance folder. */
    public static Domain q35UefiDomain() {
        Domain d = q35VfatDomain();
        OsConfig os = new OsConfig("x86_64", "q35", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(OsConfig.BootDevice.HD), true, Optional.of(new OsConfig.Uefi(Q35_DIR.resolve("uefi-vars.fd"))));
        return new Domain(d.type(), d.name(), d.uuid(), d.memoryKib(), d.vcpus(), os, d.features(), d.cpu(),
                d.sysinfo(), d.lifecycle(), d.devices(), d.ownership());
    }

    private static SmbiosSystem smbios(UUID uuid) {
        return new SmbiosSystem("OpenStack Foundation", "OpenStack Nova", VERSION, uuid.toString(), uuid,
                "Virtual Machine");
    }

    private static Lifecycle lifecycle() {
        return new Lifecycle(Lifecycle.Action.DESTROY, Lifecycle.Action.RESTART, Lifecycle.Action.DESTROY);
    }
}
