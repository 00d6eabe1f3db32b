package io.virtseed.libvirt.connect;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** A libvirt-java connection that also hands out its native {@code virConnectPtr}. */
final class RawConnect extends Connect {

    RawConnect(String uri) throws LibvirtException {
        super(uri);
    }

    /** The native connection, for calls libvirt-java lacks; valid until {@link #close()}. */
    Pointer pointer() {
        return vcp.getPointer();
    }
}
