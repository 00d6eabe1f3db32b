package io.virtseed.libvirt.design;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.libvirt.domain.CpuConfig;
import io.virtseed.libvirt.domain.Disk;
import io.virtseed.libvirt.domain.Domain;
import io.virtseed.libvirt.domain.DomainType;
import io.virtseed.libvirt.domain.NetInterface;
import io.virtseed.libvirt.domain.OsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules QEMU and libvirt enforce only at define or start time on a real host (libvirt's
 * test driver accepts all of these), checked up front so a mistake shows in a unit test.
 *
 * <pre>{@code List<String> problems = DomainRules.violations(domain);}</pre>
 */
public final class DomainRules {

    private DomainRules() {
    }

    /** Throws when {@link #violations} finds anything. */
    public static void check(Domain d) {
        List<String> problems = violations(d);
        if (!problems.isEmpty()) {
            throw new HypervisorException("domain '" + d.name() + "' would be refused by QEMU: "
                    + String.join("; ", problems));
        }
    }

    /** Every rule the domain breaks, as readable sentences; empty when it is fine. */
    public static List<String> violations(Domain d) {
        List<String> out = new ArrayList<>();
        disks(d, out);
        os(d, out);
        Set<String> macs = new HashSet<>();
        for (NetInterface nic : d.devices().interfaces()) {
            if (!macs.add(nic.mac().value())) {
                out.add("MAC address " + nic.mac() + " is used twice");
            }
        }
        if (d.cpu() instanceof CpuConfig.HostPassthrough && d.type() != DomainType.KVM) {
            out.add("host-passthrough CPU needs domain type kvm: TCG cannot pass the host CPU through");
        }
        d.sysinfo().filter(s -> !s.uuid().equals(d.uuid())).ifPresent(s ->
                out.add("SMBIOS uuid " + s.uuid() + " differs from the domain uuid " + d.uuid()));
        if (d.os().smbiosSysinfo() && d.sysinfo().isEmpty()) {
            out.add("<smbios mode='sysinfo'/> needs a <sysinfo> element");
        }
        return out;
    }

    private static void disks(Domain d, List<String> out) {
        boolean q35 = isQ35(d.os().machine());
        Set<String> targets = new HashSet<>();
        for (Disk k : d.devices().disks()) {
            String dev = k.targetDev();
            if (q35 && k.bus() == Disk.Bus.IDE) {
                out.add(dev + ": machine " + d.os().machine() + " has no IDE controller; use SATA");
            }
            if (k.readonly() && k.device() != Disk.Device.CDROM) {
                out.add(dev + ": only a cdrom may be read-only (QEMU refuses read-only IDE disks)");
            }
            if (k.device() == Disk.Device.CDROM && k.bus() == Disk.Bus.VIRTIO) {
                out.add(dev + ": a cdrom cannot sit on the virtio bus");
            }
            if (!dev.matches(k.bus().devPrefix() + "[a-z]+")) {
                out.add(dev + ": a " + k.bus().xml() + " target is named " + k.bus().devPrefix() + "a, "
                        + k.bus().devPrefix() + "b, ...");
            }
            if (!targets.add(dev)) {
                out.add(dev + ": target used twice");
            }
            if (!k.source().isAbsolute()) {
                out.add(dev + ": source " + k.source() + " is not an absolute path");
            }
        }
    }

    private static void os(Domain d, List<String> out) {
        OsConfig os = d.os();
        if (os.kernel().isEmpty() && (os.initrd().isPresent() || os.cmdline().isPresent())) {
            out.add("an initrd or kernel command line needs a kernel");
        }
        Stream.of(os.kernel(), os.initrd(), d.devices().serial().map(s -> s.logFile()),
                        os.uefi().map(OsConfig.Uefi::nvram))
                .flatMap(o -> o.stream())
                .filter(p -> !p.isAbsolute())
                .map(Path::toString)
                .forEach(p -> out.add("path " + p + " is not absolute"));
    }

    /** libvirt accepts {@code q35} and expands it to versioned names like {@code pc-q35-7.2}. */
    static boolean isQ35(String machine) {
        return machine.equals("q35") || machine.startsWith("pc-q35");
    }
}
