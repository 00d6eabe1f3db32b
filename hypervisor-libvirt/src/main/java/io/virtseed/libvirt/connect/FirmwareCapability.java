package io.virtseed.libvirt.connect;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the connected host has UEFI firmware for a machine type, from its domain capabilities:
 * the {@code firmware} enum offers {@code efi} (libvirt found a firmware descriptor, such as
 * OVMF's, that fits the machine) and a loader without Secure Boot exists, which is what
 * {@code <os firmware='efi'>} with Secure Boot off asks for.
 */
final class FirmwareCapability {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareCapability.class);
    private static final Pattern FIRMWARE_ENUM = Pattern.compile(
            "<enum\\s+name=['\"]firmware['\"]\\s*>(.*?)</enum>", Pattern.DOTALL);
    private static final Pattern EFI = Pattern.compile("<value>\\s*efi\\s*</value>");
    private static final Pattern LOADER = Pattern.compile("<loader\\s+supported=['\"]yes['\"]\\s*>(.*?)</loader>",
            Pattern.DOTALL);
    private static final Pattern SECURE_NO = Pattern.compile(
            "<enum\\s+name=['\"]secure['\"]\\s*>(?:(?!</enum>).)*<value>\\s*no\\s*</value>", Pattern.DOTALL);

    private FirmwareCapability() {
    }

    /** Runs on a libvirt pool thread: the last-error lookup is per thread. */
    static boolean uefi(DefineXmlFlags natives, RawConnect conn, String arch, String machine) {
        Pointer xml = natives.virConnectGetDomainCapabilities(conn.pointer(), null, arch, machine, null, 0);
        if (xml == null) {
            virError last = natives.virGetLastError();
            LOG.debug("no domain capabilities for machine {}: {}", machine, last == null ? "no detail" : last.message);
            return false;
        }
        try {
            return offersUefi(xml.getString(0));
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
    }

    /** The capabilities offer {@code efi} firmware and a loader that may run without Secure Boot. */
    static boolean offersUefi(String domainCapabilities) {
        Matcher firmware = FIRMWARE_ENUM.matcher(domainCapabilities);
        if (!firmware.find() || !EFI.matcher(firmware.group(1)).find()) {
            return false;
        }
        Matcher loader = LOADER.matcher(domainCapabilities);
        return loader.find() && SECURE_NO.matcher(loader.group(1)).find();
    }
}
