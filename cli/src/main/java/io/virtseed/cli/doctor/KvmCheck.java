package io.virtseed.cli.doctor;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Whether guests get KVM or run under TCG emulation, and why. It asks the connected libvirt as
 * virtseed does when it chooses the accelerator: the {@code kvm} domain type must be offered
 * (its QEMU opened {@code /dev/kvm} as the daemon's user), and the host CPU libvirt reports must
 * have {@code vmx} or {@code svm}. A sandbox may expose a working {@code /dev/kvm} on a CPU
 * without either, where a KVM guest never gets past its firmware.
 *
 * @param device {@code /dev/kvm}, to tell a missing module from a device QEMU cannot open
 */
record KvmCheck(Probe probe, String uri, Path device) {

    static final String ID = "kvm";
    private static final Pattern KVM_DOMAIN = Pattern.compile("<domain>\\s*kvm\\s*</domain>");
    private static final Pattern VIRT_FEATURE = Pattern.compile("<feature\\s+name=['\"](vmx|svm)['\"]");
    private static final String SLOWER = "guests run under TCG emulation, several times slower";

    Check check(boolean libvirtAnswers) {
        boolean deviceExists = Files.exists(device, LinkOption.NOFOLLOW_LINKS);
        if (!uri.startsWith("qemu")) {
            return Check.ok(ID, "not checked: " + uri + " is not libvirt's QEMU driver");
        }
        if (!libvirtAnswers) {
            return Check.warn(ID, "not checked: libvirt does not answer" + (deviceExists ? ""
                    : "; there is no " + device + ", so " + SLOWER));
        }
        Probe.Reply caps = probe.virsh(uri, "domcapabilities", "--virttype", "kvm");
        if (!caps.ok() || !KVM_DOMAIN.matcher(caps.stdout()).find()) {
            if (!deviceExists) {
                return Check.warn(ID, SLOWER + ": there is no " + device + " (the kvm module is not loaded,"
                        + " or this CPU has no virtualization)", "modprobe kvm_intel (or kvm_amd); in a VM,"
                        + " turn on nested virtualization on its host");
            }
            return Check.warn(ID, SLOWER + ": libvirt offers no KVM although " + device + " exists (" + caps.problem()
                    + "); QEMU opens it as libvirt's unprivileged user", KvmDeviceCheck.FIX);
        }
        Probe.Reply host = probe.virsh(uri, "capabilities");
        if (!host.ok()) {
            return Check.warn(ID, "libvirt offers KVM but its host capabilities could not be read: " + host.problem());
        }
        if (!VIRT_FEATURE.matcher(hostSection(host.stdout())).find()) {
            return Check.warn(ID, SLOWER + ": libvirt offers KVM, but the host CPU it reports has neither vmx nor svm"
                    + " (a sandbox or nested set-up without virtualization), where a KVM guest would not get past"
                    + " its firmware", "give this machine VT-x/AMD-V (nested virtualization on its host, or the"
                    + " firmware setting)");
        }
        return Check.ok(ID, "KVM: guests get hardware acceleration");
    }

    private static String hostSection(String capabilities) {
        int start = capabilities.indexOf("<host>");
        int end = capabilities.indexOf("</host>");
        return start < 0 || end < start ? "" : capabilities.substring(start, end);
    }
}
