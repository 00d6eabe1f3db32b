package io.virtseed.libvirt.connect;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.regex.Pattern;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the host behind a connection can run KVM guests, asked of that host rather than of
 * this machine. Two answers must agree: its domain capabilities offer the {@code kvm} type (its
 * QEMU opened {@code /dev/kvm} as the daemon's user), and its CPU has {@code vmx} or {@code svm}.
 * The second matters where a sandbox or nested set-up exposes a working {@code /dev/kvm} on a CPU
 * without virtualization: QEMU starts there, but a KVM guest never gets past its BIOS.
 */
final class KvmCapability {

    private static final Logger LOG = LoggerFactory.getLogger(KvmCapability.class);
    private static final Pattern KVM_DOMAIN = Pattern.compile("<domain>\\s*kvm\\s*</domain>");
    private static final Pattern VIRT_FEATURE = Pattern.compile("<feature\\s+name=['\"](vmx|svm)['\"]");

    private KvmCapability() {
    }

    /** Runs on a libvirt pool thread: the last-error lookup is per thread. */
    static boolean usable(DefineXmlFlags natives, RawConnect conn, String arch) throws LibvirtException {
        return offersKvm(domainCapabilities(natives, conn, arch)) && cpuVirtualizes(hostSection(conn));
    }

    /** The domain capabilities are for the {@code kvm} type (libvirt echoes the type it answers for). */
    static boolean offersKvm(String domainCapabilities) {
        return KVM_DOMAIN.matcher(domainCapabilities).find();
    }

    /** The {@code <host>} part of the capabilities XML names {@code vmx} or {@code svm} among its CPU's features. */
    static boolean cpuVirtualizes(String hostCapabilities) {
        return VIRT_FEATURE.matcher(hostCapabilities).find();
    }

    private static String domainCapabilities(DefineXmlFlags natives, RawConnect conn, String arch) {
        Pointer xml = natives.virConnectGetDomainCapabilities(conn.pointer(), null, arch, null, "kvm", 0);
        if (xml == null) {
            virError last = natives.virGetLastError();
            LOG.debug("no KVM domain capabilities: {}", last == null ? "no detail" : last.message);
            return "";
        }
        try {
            return xml.getString(0);
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
    }

    private static String hostSection(Connect conn) throws LibvirtException {
        String caps = conn.getCapabilities();
        int start = caps.indexOf("<host>");
        int end = caps.indexOf("</host>");
        return start < 0 || end < start ? "" : caps.substring(start, end);
    }
}
