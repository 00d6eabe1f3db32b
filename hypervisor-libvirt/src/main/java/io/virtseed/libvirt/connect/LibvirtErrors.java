package io.virtseed.libvirt.connect;

import io.virtseed.core.error.HypervisorException;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.jna.virError;

/** Turns libvirt's error codes into virtseed's meaning of them. */
final class LibvirtErrors {

    private LibvirtErrors() {
    }

    /** The domain does not exist (any more): for removal, that is success. */
    static boolean isNoDomain(LibvirtException e) {
        return code(e) == Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    /** The operation does not apply in the domain's current state, e.g. destroying a stopped domain. */
    static boolean isInvalidInState(LibvirtException e) {
        return code(e) == Error.ErrorNumber.VIR_ERR_OPERATION_INVALID;
    }

    /** A driver refusing flags it does not implement ("unsupported flags"). */
    static boolean isUnsupportedFlag(LibvirtException e) {
        return code(e) == Error.ErrorNumber.VIR_ERR_INVALID_ARG;
    }

    static HypervisorException map(String what, LibvirtException e) {
        return new HypervisorException(what + ": " + message(e), e);
    }

    /** An exception for a failed call made outside libvirt-java, from the thread's last error. */
    static HypervisorException fromLastError(String what, virError last) {
        if (last == null) {
            return new HypervisorException(what + ": libvirt reported no error detail");
        }
        Error error = new Error(last);
        return new HypervisorException(what + ": " + error.getMessage() + " [" + error.getCode() + "]");
    }

    private static Error.ErrorNumber code(LibvirtException e) {
        return e.getError() == null ? null : e.getError().getCode();
    }

    private static String message(LibvirtException e) {
        Error error = e.getError();
        return error == null || error.getMessage() == null ? String.valueOf(e.getMessage())
                : error.getMessage() + " [" + error.getCode() + "]";
    }
}
