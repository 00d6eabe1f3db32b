package io.virtseed.libvirt.connect;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The libvirt C functions for a domain's state with its reason and for its serial console, which
 * libvirt-java 0.5.4 does not bind (it has neither {@code virDomainGetState} nor
 * {@code virDomainOpenConsole}). Pointers are libvirt's own handles.
 */
interface DomainNatives extends Library {

    /** {@code VIR_DOMAIN_CONSOLE_FORCE}: end another client's session instead of refusing. */
    int CONSOLE_FORCE = 1;
    /** {@code VIR_DOMAIN_CONSOLE_SAFE}: refuse when the driver cannot keep two clients apart. */
    int CONSOLE_SAFE = 2;

    /** A new reference to the named domain, or null; free it with {@link #virDomainFree}. */
    Pointer virDomainLookupByName(Pointer connection, String name);

    int virDomainFree(Pointer domain);

    /** 0 on success, with {@code virDomainState} and its reason; -1 on failure. */
    int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

    /** {@code VIR_DOMAIN_METADATA_ELEMENT}: one namespaced element of {@code <metadata>}. */
    int METADATA_ELEMENT = 2;

    /**
     * The element of {@code <metadata>} in namespace {@code uri}, as XML; null when there is none
     * (error {@code VIR_ERR_NO_DOMAIN_METADATA}) or on failure. Free it with {@code free()}.
     */
    Pointer virDomainGetMetadata(Pointer domain, int type, String uri, int flags);

    /** The calling thread's last libvirt error, or null. */
    org.libvirt.jna.virError virGetLastError();

    /** A new blocking stream on the connection (flags 0), or null. */
    Pointer virStreamNew(Pointer connection, int flags);

    /** Binds the stream to the domain's console ({@code devName} null: the first one); 0 or -1. */
    int virDomainOpenConsole(Pointer domain, String devName, Pointer stream, int flags);

    /** Blocks until data: the count read, 0 at the end of the stream, -1 on error. */
    int virStreamRecv(Pointer stream, byte[] data, NativeLong nbytes);

    /** The count sent (maybe fewer than asked), -1 on error. */
    int virStreamSend(Pointer stream, byte[] data, NativeLong nbytes);

    int virStreamAbort(Pointer stream);

    int virStreamFree(Pointer stream);
}
