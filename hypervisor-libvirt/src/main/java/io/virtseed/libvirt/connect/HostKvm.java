package io.virtseed.libvirt.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this machine alone says of KVM for a local daemon, with no connection made: a CPU without
 * {@code vmx} or {@code svm} rules it out, so {@code accel: auto} needs neither libvirt's library
 * nor its daemon to settle on TCG. {@link LibvirtHypervisor#kvmUsable} asks it first; the CLI's
 * lazy port asks it before it connects.
 */
public final class HostKvm {

    private HostKvm() {
    }

    /**
     * True when {@code uri} is a local daemon's ({@code qemu:///system}, {@code qemu:///session})
     * and this machine's CPU, as {@code cpuinfo} (the text of {@code /proc/cpuinfo}) lists its
     * flags, has neither {@code vmx} nor {@code svm}: such a host cannot run KVM guests whatever its
     * daemon offers, as the daemon's answers would show, without the daemon's two answers (some 10 to
     * 40 ms of a fresh process). False, so the daemon is asked, for a remote URI or where the text
     * lists no flags at all (a masked {@code cpuinfo}).
     */
    static boolean ruledOut(String uri, String cpuinfo) {
        if (!uri.startsWith("qemu:///")) {
            return false;
        }
        boolean flagsSeen = false;
        for (String line : cpuinfo.split("\n")) {
            if (!line.startsWith("flags")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals("flags")) {
                continue;
            }
            flagsSeen = true;
            for (String flag : line.substring(colon + 1).trim().split("\\s+")) {
                if (flag.equals("vmx") || flag.equals("svm")) {
                    return false;
                }
            }
        }
        return flagsSeen;
    }

    /** As {@link #ruledOut(String, String)} with this machine's {@code /proc/cpuinfo}; false where it cannot be read. */
    public static boolean ruledOut(String uri) {
        if (!uri.startsWith("qemu:///")) {
            return false;
        }
        try {
            return ruledOut(uri, Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
