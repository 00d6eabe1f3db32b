package io.virtseed.embed;

/** This host cannot run virtseed's guests as asked (not root, libvirt unreachable); the message says why. */
public final class HostUnavailableException extends RuntimeException {

    public HostUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public HostUnavailableException(String reason) {
        super(reason);
    }
}
