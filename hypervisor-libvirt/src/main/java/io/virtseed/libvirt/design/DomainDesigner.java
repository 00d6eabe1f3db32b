package io.virtseed.libvirt.design;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.NicAttachment;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.MachineType;
import io.virtseed.libvirt.domain.BridgeInterface;
import io.virtseed.libvirt.domain.CpuConfig;
import io.virtseed.libvirt.domain.Devices;
import io.virtseed.libvirt.domain.Disk;
import io.virtseed.libvirt.domain.Domain;
import io.virtseed.libvirt.domain.DomainType;
import io.virtseed.libvirt.domain.Features;
import io.virtseed.libvirt.domain.Lifecycle;
import io.virtseed.libvirt.domain.NetInterface;
import io.virtseed.libvirt.domain.NicModel;
import io.virtseed.libvirt.domain.OsConfig;
import io.virtseed.libvirt.domain.Ownership;
import io.virtseed.libvirt.domain.Rng;
import io.virtseed.libvirt.domain.SerialConsole;
import io.virtseed.libvirt.domain.SmbiosSystem;
import io.virtseed.libvirt.domain.TrafficFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy that turns a {@link MachineRequest} into a {@link Domain}: the accelerator, the
 * config drive's bus (IDE on {@code pc}, SATA on {@code q35}, which has no IDE), virtio for the
 * root disk and NICs, the serial console in a file, and SMBIOS data that makes the guest look
 * like an OpenStack Nova instance so cloud-init enables its OpenStack datasources. The result is
 * checked by {@link DomainRules}: libvirt's test driver accepts much that QEMU refuses.
 *
 * <pre>{@code Domain d = new DomainDesigner(DesignerSettings.defaults(), Path.of("/var/lib/virtseed")).design(request);}</pre>
 */
public final class DomainDesigner {

    /** SMBIOS manufacturer, as nova writes it. */
    public static final String MANUFACTURER = "OpenStack Foundation";
    /** SMBIOS product: cloud-init's ds-identify looks for exactly this to enable the OpenStack datasource. */
    public static final String PRODUCT = "OpenStack Nova";
    /** SMBIOS family, as nova writes it. */
    public static final String FAMILY = "Virtual Machine";
    /** The CPU model for TCG: every QEMU build emulates it, unlike {@code host}. */
    static final String TCG_CPU_MODEL = "qemu64";

    private final DesignerSettings settings;
    private final Path stateRoot;

    /** @param stateRoot the state folder whose ownership tag every designed domain carries */
    public DomainDesigner(DesignerSettings settings, Path stateRoot) {
        this.settings = settings;
        this.stateRoot = stateRoot.toAbsolutePath().normalize();
    }

    /**
     * @throws HypervisorException when the request leads to a domain QEMU would refuse
     */
    public Domain design(MachineRequest req) {
        Domain domain = new Domain(
                req.kvm() ? DomainType.KVM : DomainType.QEMU,
                req.name().value(),
                req.uuid(),
                kibibytes(req),
                req.cpus(),
                os(req),
                new Features(true, true),
                req.kvm() ? new CpuConfig.HostPassthrough() : new CpuConfig.Custom(TCG_CPU_MODEL, true),
                // nova's values; serial and uuid are the instance uuid, which cloud-init compares to its cache
                Optional.of(new SmbiosSystem(MANUFACTURER, PRODUCT, settings.productVersion(), req.uuid().toString(),
                        req.uuid(), FAMILY)),
                // a guest reboot restarts it, while power-off and crash leave it stopped for inspection
                new Lifecycle(Lifecycle.Action.DESTROY, Lifecycle.Action.RESTART, Lifecycle.Action.DESTROY),
                devices(req),
                Optional.of(new Ownership(req.name(), stateRoot)));
        DomainRules.check(domain);
        return domain;
    }

    private static long kibibytes(MachineRequest req) {
        return Math.ceilDiv(req.memory().bytes(), 1024L);
    }

    private OsConfig os(MachineRequest req) {
        Optional<BootSpec> boot = req.boot();
        return new OsConfig(
                settings.arch(),
                req.machine().libvirtName(),
                boot.map(BootSpec::kernel),
                boot.flatMap(BootSpec::initrd),
                boot.map(BootSpec::cmdline).filter(c -> !c.isEmpty()),
                // with a kernel given, QEMU boots it directly and ignores the BIOS order
                boot.isPresent() ? List.of() : List.of(OsConfig.BootDevice.HD),
                true,
                req.uefiVars().map(OsConfig.Uefi::new));
    }

    private Devices devices(MachineRequest req) {
        List<Disk> disks = new ArrayList<>();
        disks.add(new Disk(Disk.Device.DISK, Disk.Format.QCOW2, req.rootDisk(), "vda", Disk.Bus.VIRTIO, false));
        req.configDrive().ifPresent(drive -> disks.add(configDrive(drive, req.machine())));
        List<NetInterface> nics = req.nics().stream().map(DomainDesigner::nic).toList();
        return new Devices(
                settings.emulator(),
                disks,
                nics,
                Optional.of(new SerialConsole(req.consoleLog(), false)),
                Devices.MemBalloon.NONE,
                Optional.of(new Rng(Path.of("/dev/urandom"))));
    }

    /**
     * An ISO goes on a read-only cdrom, as nova attaches {@code disk.config}: IDE on {@code pc},
     * SATA on {@code q35}. A VFAT image is a plain virtio disk; it is not marked read-only,
     * because the guest must be able to mount it and QEMU refuses read-only IDE disks anyway.
     */
    static Disk configDrive(MachineRequest.AttachedDrive drive, MachineType machine) {
        if (drive.format() == DriveFormat.VFAT) {
            return new Disk(Disk.Device.DISK, Disk.Format.RAW, drive.path(), "vdb", Disk.Bus.VIRTIO, false);
        }
        return switch (machine) {
            case PC -> new Disk(Disk.Device.CDROM, Disk.Format.RAW, drive.path(), "hda", Disk.Bus.IDE, true);
            case Q35 -> new Disk(Disk.Device.CDROM, Disk.Format.RAW, drive.path(), "sda", Disk.Bus.SATA, true);
        };
    }

    /**
     * A virtio NIC on its bridge, with our tap name and the network's MTU. With the guest's
     * addresses known, libvirt's {@code clean-traffic} filter binds the NIC to its MAC and
     * addresses: the metadata service identifies guests by source address, and this is what makes
     * that identity unforgeable. (The stock filter passes IPv4 and ARP only.)
     */
    private static NetInterface nic(NicAttachment nic) {
        Optional<TrafficFilter> filter = nic.addresses().isEmpty() ? Optional.empty()
                : Optional.of(TrafficFilter.cleanTraffic(nic.addresses().stream().filter(a -> !a.isV6()).toList()));
        return new BridgeInterface(nic.bridge(), nic.mac(), NicModel.VIRTIO,
                nic.tap().isEmpty() ? Optional.empty() : Optional.of(nic.tap()), nic.mtu(), filter);
    }
}
