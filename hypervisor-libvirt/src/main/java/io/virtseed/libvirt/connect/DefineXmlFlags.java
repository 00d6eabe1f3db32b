package io.virtseed.libvirt.connect;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import org.libvirt.jna.virError;

/**
 * The libvirt C functions libvirt-java 0.5.4 does not bind: defining a domain with flags, so
 * that {@link #VALIDATE} makes libvirt check the XML against its RNG schema instead of
 * silently dropping what it does not know, and reading the domain capabilities.
 */
interface DefineXmlFlags extends Library {

    /** {@code VIR_DOMAIN_DEFINE_VALIDATE}. */
    int VALIDATE = 1;

    /** Returns the new {@code virDomainPtr} or null on failure; free it with {@link #virDomainFree}. */
    Pointer virDomainDefineXMLFlags(Pointer connection, String xml, int flags);

    int virDomainFree(Pointer domain);

    /**
     * The domain capabilities XML for one virtualization type, or null when the host cannot offer
     * it; any argument may be null for the host's default. Free the result with {@code free()}.
     */
    Pointer virConnectGetDomainCapabilities(Pointer connection, String emulatorBin, String arch, String machine,
            String virtType, int flags);

    /** The calling thread's last error, or null. */
    virError virGetLastError();
}
