package io.virtseed.libvirt.connect;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.virtseed.core.ports.MachineStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.jna.DomainPointer;

/**
 * The native {@code virDomainPtr} behind a libvirt-java {@link Domain}, for the calls libvirt-java
 * lacks ({@link DomainNatives}). libvirt-java keeps it in a package-private field; reading it saves
 * a second lookup (a round trip to the daemon) per domain.
 */
final class DomainPointers {

    private static final VarHandle FIELD = field();

    private DomainPointers() {
    }

    private static VarHandle field() {
        try {
            return MethodHandles.privateLookupIn(Domain.class, MethodHandles.lookup())
                    .findVarHandle(Domain.class, "vdp", DomainPointer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The domain's native handle, or null where libvirt-java's field cannot be read. */
    static Pointer of(Domain dom) {
        if (FIELD == null) {
            return null;
        }
        DomainPointer p = (DomainPointer) FIELD.get(dom);
        return p == null ? null : p.getPointer();
    }

    /**
     * The domain's state and reason; where the native call is unavailable or fails, the state from
     * libvirt-java, whose own error (a domain that vanished meanwhile) then propagates.
     */
    static MachineStatus status(DomainNatives natives, Domain dom) throws LibvirtException {
        Pointer p = of(dom);
        if (p != null) {
            IntByReference state = new IntByReference();
            IntByReference reason = new IntByReference();
            if (natives.virDomainGetState(p, state, reason, 0) == 0) {
                return DomainReasons.status(state.getValue(), reason.getValue());
            }
        }
        return new MachineStatus(DomainHandles.toMachineState(dom.getInfo().state), MachineStatus.UNKNOWN);
    }
}
